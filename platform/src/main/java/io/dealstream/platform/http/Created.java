package io.dealstream.platform.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/**
 * The answer to a POST that made a resource: 201, its Location, its version's ETag and the resource. The Location is a relative reference,
 * the request's path and the id ({@code /tranches/amazon-t9}; RFC 9110 10.2.2 allows it): built from the request's
 * Host or forwarded headers, a caller could make the service name any host it likes. Nothing here reads the Host (an
 * absolute URI made from a malformed one would fail), and it is set as text: JAX-RS' {@code Response.created(uri)}
 * would resolve it against the request's base, which is that Host again.
 */
public final class Created {

    private Created() {
    }

    public static Response at(UriInfo uri, String id, Object resource, long version) {
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, location(uri.getPath(), id))
                .header(HttpHeaders.ETAG, EntityTags.of(version))
                .entity(resource)
                .build();
    }

    /** The path of the collection the request was sent to, and the id as one more segment, percent-encoded. */
    static String location(String collectionPath, String id) {
        String path = collectionPath.startsWith("/") ? collectionPath : "/" + collectionPath;
        return UriBuilder.fromPath(path).path("{id}").build(id).toString();
    }
}
