package io.dealstream.platform.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A resource's version as its entity tag: {@code "3"} for version 3, a strong tag (the answer changes exactly when the
 * version does), which {@link IfMatch} compares against.
 */
public final class EntityTags {

    /** The ETag header, as the OpenAPI documents show it. */
    public static final String DESCRIPTION = "The version the answer shows, as an entity tag (\"3\" for version 3); "
            + "send it in If-Match to write only over that version";

    /**
     * The OpenAPI extension that marks an answer of {@link #ok}: {@code extensions = @Extension(name =
     * EntityTags.TAGGED, value = "true")} on its {@code @APIResponse}. {@link ApiDocumentRules} documents its ETag
     * header and drops the mark. (A 201 is always {@link Created}'s, and documented so unmarked.)
     */
    public static final String TAGGED = "x-etag";

    private EntityTags() {
    }

    /** The strong tag of version {@code version}: {@code "3"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** A 200 with the resource and its version's ETag. */
    public static Response ok(Object resource, long version) {
        return Response.ok(resource).header(HttpHeaders.ETAG, of(version)).build();
    }
}
