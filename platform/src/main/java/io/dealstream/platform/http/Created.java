package io.dealstream.platform.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The answer to a POST that made a resource: 201, its Location (the request's path + its id) and the resource. */
public final class Created {

    private Created() {
    }

    public static Response at(UriInfo uri, String id, Object resource) {
        return Response.created(uri.getAbsolutePathBuilder().path(id).build()).entity(resource).build();
    }
}
