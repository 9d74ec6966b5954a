package io.dealstream.distribution.right;

import java.util.EnumSet;
import java.util.Set;

/** The OpenAI products the deal distributes, and the modes each comes in. */
public enum Product {
    /** OpenAI Frontier: the enterprise platform to build, deploy and manage teams of AI agents. */
    FRONTIER(Mode.STATEFUL),
    /** The Stateful Runtime Environment, powered by OpenAI models, offered through Amazon Bedrock (AgentCore). */
    STATEFUL_RUNTIME(Mode.STATEFUL),
    /** Stateless OpenAI APIs: one prompt in, one answer out, no memory. */
    STATELESS_API(Mode.STATELESS),
    /**
     * Customised OpenAI models for Amazon's customer-facing applications. Stateful is this service's assumption:
     * the sources do not say how they are served, and a stateless offering outside Azure would fall under Azure's
     * exclusivity.
     */
    CUSTOM_MODELS(Mode.STATEFUL);

    private final Set<Mode> modes;

    Product(Mode first, Mode... more) {
        this.modes = EnumSet.of(first, more);
    }

    public Set<Mode> modes() {
        return modes;
    }

    public boolean offeredIn(Mode mode) {
        return modes.contains(mode);
    }
}
