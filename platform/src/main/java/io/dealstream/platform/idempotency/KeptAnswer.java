package io.dealstream.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer a key got, as kept: its status, the headers that matter to a client (Location, ETag, Content-Type) and
 * its JSON body as sent.
 */
record KeptAnswer(int status, String location, String etag, String contentType, String body) {

    /** Says that an answer is the one a key got before, not a new write. */
    static final String REPLAYED = "Idempotent-Replayed";

    static KeptAnswer of(Response answer, ObjectMapper json) throws JsonProcessingException {
        Object entity = answer.getEntity();
        String body = entity instanceof String text ? text : json.writeValueAsString(entity);
        String contentType = answer.getMediaType() == null ? MediaType.APPLICATION_JSON
                : answer.getMediaType().toString();
        return new KeptAnswer(answer.getStatus(), answer.getHeaderString(HttpHeaders.LOCATION),
                answer.getHeaderString(HttpHeaders.ETAG), contentType, body);
    }

    /** The answer to send: the first time as it is, on a replay with {@code Idempotent-Replayed: true} too. */
    Response response(boolean replayed) {
        Response.ResponseBuilder answer = Response.status(status).type(contentType).entity(body);
        if (location != null) {
            answer.header(HttpHeaders.LOCATION, location);
        }
        if (etag != null) {
            answer.header(HttpHeaders.ETAG, etag);
        }
        if (replayed) {
            answer.header(REPLAYED, "true");
        }
        return answer.build();
    }
}
