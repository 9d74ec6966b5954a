package io.dealstream.platform.persistence;

import io.dealstream.platform.http.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The query of one page of a list read by id: the rows after the id a page starts after, optionally filtered. Every
 * list's page is read alike, {@code limit + 1} rows at most, so that {@link Page} sees whether there is more.
 */
public final class IdPage {

    private final List<String> conditions = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    private IdPage() {
    }

    /** The rows whose id comes after {@code after}; null: from the first. */
    public static IdPage after(String after) {
        return new IdPage().where("id > :after", "after", after);
    }

    /** Only the rows meeting {@code condition}, whose parameter {@code name} is {@code value}; none when it is null. */
    public IdPage where(String condition, String name, Object value) {
        if (value != null) {
            conditions.add(condition);
            parameters.and(name, value);
        }
        return this;
    }

    /**
     * The page of at most {@code limit} rows by id, read with the entity's Panache {@code find}, {@code id} naming a
     * row as the next page's cursor.
     */
    public <E> Page<E> read(BiFunction<String, Parameters, PanacheQuery<E>> find, int limit, Function<E, String> id) {
        String query = conditions.isEmpty() ? "order by id" : String.join(" and ", conditions) + " order by id";
        return Page.of(find.apply(query, parameters).range(0, limit).list(), limit, id);
    }
}
