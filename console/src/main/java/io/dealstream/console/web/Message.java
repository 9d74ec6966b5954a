package io.dealstream.console.web;

/**
 * One Server-Sent Event to the page: {@code kind} says what {@code data} is: {@code history} (the kept records, oldest
 * first, and how many are kept), {@code record} (one new record), {@code deal} (the services' state) or {@code lag} (the consumer groups').
 */
public record Message(String kind, Object data) {
}
