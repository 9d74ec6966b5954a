package io.dealstream.events;

/**
 * A record that cannot be read as an event of this contract: not a CloudEvent, an unknown type, or a body
 * that does not parse. Consumers send such records to their dead-letter topic with this message as the reason.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
