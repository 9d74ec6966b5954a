package io.dealstream.platform.security;

/** The deal's roles, as the {@code groups} claim of a bearer token names them. */
public final class Roles {

    /** Rounds, tranches, triggers, funding, commitments and rights. */
    public static final String DEAL_ADMIN = "deal-admin";
    /** Funds the tranches of the investor its token's {@code investor} claim names, and no others. */
    public static final String INVESTOR = "investor";
    public static final String INVESTOR_CLAIM = "investor";

    private Roles() {
    }
}
