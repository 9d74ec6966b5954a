package io.dealstream.distribution.right;

/** How an OpenAI product is served, the distinction the distribution rights rest on. */
public enum Mode {
    /** Keeps context, remembers prior work and works across tools and data over time (AWS's side of the deal). */
    STATEFUL,
    /** Processes one prompt and keeps no memory (Azure's exclusive). */
    STATELESS
}
