package io.dealstream.console.web;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The page's live feed, and the same state at once for a script or curl. */
@Path("/console")
public class ConsoleResource {

    private final Feed feed;

    ConsoleResource(Feed feed) {
        this.feed = feed;
    }

    /** Server-Sent Events, one JSON {@link Message} each: the kept records, the deal and lag, then what comes. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Message> stream() {
        return feed.subscribe();
    }

    /** The kept records, the latest deal and lag. */
    @GET
    @Path("/state")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Message> state() {
        return feed.state();
    }
}
