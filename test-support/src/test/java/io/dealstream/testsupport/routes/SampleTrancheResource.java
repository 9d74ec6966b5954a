package io.dealstream.testsupport.routes;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Routes for ResourceRoutesTest to find: a class path, a sub-path with a constrained parameter, a plain method. */
@Path("tranches/")
public class SampleTrancheResource {

    @GET
    public String list() {
        return "";
    }

    @POST
    @Path("/{ id : [a-z0-9-]+ }/funding")
    public String fund() {
        return "";
    }

    /** Not a route: no HTTP method. */
    public String helper() {
        return "";
    }

    /** A sub-resource class without a path of its own is no resource. */
    public static class Unrouted {

        @GET
        public String read() {
            return "";
        }
    }
}
