package io.dealstream.platform.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code dealstream.http.limits.*}: the largest URI and headers a request may have, answered with a problem (414,
 * 431) beyond them. Vert.x's own limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code quarkus.http.limits.max-header-size}) must stay above these, or Vert.x answers first, with an empty body.
 */
@ConfigMapping(prefix = "dealstream.http.limits")
public interface RequestLimitSettings {

    /** Characters of the request target (path and query, as sent). */
    @WithDefault("2048")
    int maxUriLength();

    /** Bytes of all the headers together, counted as on the wire ("name: value" and CRLF each). */
    @WithDefault("16K")
    MemorySize maxHeaderSize();
}
