package io.dealstream.platform.idempotency;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write a client may send again with the same {@code Idempotency-Key} header and get the first answer back, written
 * once ({@link IdempotentWrites}). For resource methods that answer a {@link jakarta.ws.rs.core.Response} with a JSON
 * body.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /**
     * False: the key's row commits in the transaction the write joins. True: the method commits transactions of its own
     * (the funding view's repairs, which also send to Kafka), so the key is held in a transaction beside them and
     * recorded after they end.
     */
    @Nonbinding
    boolean ownTransactions() default false;
}
