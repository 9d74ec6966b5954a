package io.dealstream.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The family an {@link EventType} enum's constants belong to, from which {@code EventType} derives each constant's
 * names: {@code @EventFamily(source = "investment", subject = "Tranche", ...)} on the constant {@code FUNDED} makes the
 * event name {@code TrancheFunded} and the CloudEvents type {@code investment.tranche.funded.v1}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventFamily {

    /** The service that publishes these events, the first part of the CloudEvents type, e.g. {@code investment}. */
    String source();

    /** What the events are about, in PascalCase, e.g. {@code Tranche}. */
    String subject();

    /** The topic every event of the family goes to, one of {@link Topics}. */
    String topic();

    /** The record every event of the family carries as its JSON body. */
    Class<? extends Record> body();
}
