package io.dealstream.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test-class field that {@link KafkaResource} fills: a
 * {@link io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion} (produce, consume, create topics) or the
 * {@link KafkaBroker} itself (to stop and start it).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafka {
}
