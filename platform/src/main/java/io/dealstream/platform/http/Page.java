package io.dealstream.platform.http;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * One page of a list: its items, the limit it was read with, and the key a next page starts after, null when this is
 * the last page. Made from up to {@code limit + 1} rows read in the list's order: the one past the limit says that
 * there is more, so the whole list is never counted.
 */
public record Page<T>(List<T> items, int limit, String nextAfter) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page of {@code rows} (read with {@code limit + 1} at most), {@code key} naming an item as a cursor. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, limit, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, limit, key.apply(items.getLast()));
    }

    /** The same page with each item turned into what the API shows. */
    public <R> Page<R> map(Function<T, R> show) {
        return new Page<>(items.stream().map(show).toList(), limit, nextAfter);
    }

    /**
     * 200 with the items as the body (the JSON array the list always was) and, unless this is the last page, a
     * {@code Link: <...>; rel="next"} whose relative target is this request's path and query with {@code limit} and
     * the new {@code after}. The target is built from the request's path and query alone, never its Host.
     */
    public RestResponse<List<T>> answer(UriInfo uri) {
        RestResponse.ResponseBuilder<List<T>> answer = RestResponse.ResponseBuilder.ok(items);
        if (nextAfter != null) {
            answer.header(Paging.LINK, Paging.nextLink(
                    Paging.nextTarget(uri.getPath(), uri.getRequestUri().getRawQuery(), limit, nextAfter)));
        }
        return answer.build();
    }
}
