package io.dealstream.fundingview;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The investor whose funding unlocks the partnership (capacity, distribution rights), and the round it invests
 * in. Defaults: Amazon in round openai-2026.
 */
@ConfigMapping(prefix = "dealstream.partner")
public interface Partner {

    @WithDefault("openai-2026")
    String roundId();

    @WithDefault("Amazon")
    String investor();

    default boolean is(String roundId, String investor) {
        return roundId().equals(roundId) && investor().equals(investor);
    }
}
