package io.dealstream.distribution.right;

/** What the status of a right waits on: always the partner investor's funding, as the funding view holds it. */
public enum ConditionKind {
    /** In force from the start (e.g. Azure's pre-existing stateless exclusivity). */
    NONE,
    /** Active once the partner investor has funded any tranche: the deal has closed. */
    FIRST_TRANCHE_FUNDED,
    /**
     * Active once all the partner's committed equity, as its tranche events state it, is funded; lapses once any of it
     * has expired unfunded, since the whole can then never be funded.
     */
    ALL_COMMITTED_FUNDED;

    /** The readable form of this condition for the partner {@code investor}. */
    public String text(String investor) {
        return switch (this) {
            case NONE -> "none: in force from the start";
            case FIRST_TRANCHE_FUNDED -> "active once " + investor + " funds its first tranche (the deal closes)";
            case ALL_COMMITTED_FUNDED -> "active once all of " + investor + "'s committed equity is funded; lapses "
                    + "once any of it expires unfunded";
        };
    }
}
