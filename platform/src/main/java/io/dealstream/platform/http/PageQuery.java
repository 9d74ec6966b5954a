package io.dealstream.platform.http;

import io.dealstream.events.Limits;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A list's paging query ({@link Paging}), taken as a {@code @BeanParam}: {@code limit} and {@code after}, documented
 * here once for every list, read through {@link QueryParams} so that one 400 names them beside the list's own filters.
 * {@link AfterId} and {@link AfterPosition} read {@code after} as the list's key is made. The {@code Link} header of the
 * answer is documented by {@link ApiDocumentRules} on every operation that pages.
 *
 * @param <K> the key a page starts after
 */
public abstract sealed class PageQuery<K> permits PageQuery.AfterId, PageQuery.AfterPosition {

    @Parameter(description = Paging.LIMIT_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "" + Paging.MAX_LIMIT, defaultValue = "" + Paging.DEFAULT_LIMIT))
    @QueryParam(Paging.LIMIT)
    List<String> limit;

    @Context
    UriInfo uri;

    /** A list read a page at a time: at most {@code limit} items, starting after the key {@code after}. */
    @FunctionalInterface
    public interface Pages<K, T> {
        Page<T> read(K after, int limit);
    }

    /** The page the query asks for, as its answer; a 400 when the query is wrong. */
    public <T> RestResponse<List<T>> answer(Pages<K, T> pages) {
        return answer(new QueryParams(), pages);
    }

    /** The same, after the list's own filters read into {@code params}: one 400 names every parameter at fault. */
    public <T> RestResponse<List<T>> answer(QueryParams params, Pages<K, T> pages) {
        int most = params.limit(limit);
        K from = after(params);
        params.check();
        return pages.read(from, most).answer(uri);
    }

    abstract K after(QueryParams params);

    /** The paging query of a list ordered by id. */
    public static final class AfterId extends PageQuery<String> {

        @Parameter(description = Paging.AFTER_ID_DESCRIPTION,
                schema = @Schema(type = SchemaType.STRING, maxLength = Limits.ID))
        @QueryParam(Paging.AFTER)
        List<String> after;

        @Override
        String after(QueryParams params) {
            return params.afterId(after);
        }
    }

    /** The paging query of a log read by position. */
    public static final class AfterPosition extends PageQuery<Long> {

        @Parameter(description = Paging.AFTER_POSITION_DESCRIPTION,
                schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
        @QueryParam(Paging.AFTER)
        List<String> after;

        @Override
        Long after(QueryParams params) {
            return params.afterPosition(after);
        }
    }
}
