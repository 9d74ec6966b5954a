package io.dealstream.events.tranche;

/** Whether a tranche is owed now or only when conditions are met. */
public enum TrancheKind {
    IMMEDIATE,
    CONTINGENT
}
