package io.dealstream.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code dealstream.idempotency.*}: how long a key's answer is kept. */
@ConfigMapping(prefix = "dealstream.idempotency")
public interface IdempotencySettings {

    /**
     * ASSUMPTION: a day covers a client's retries after a timeout or a lost answer, even across an outage; once it has
     * passed, the key is purged and counts as new.
     */
    @WithDefault("PT24H")
    Duration keep();
}
