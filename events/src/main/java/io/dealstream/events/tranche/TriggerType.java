package io.dealstream.events.tranche;

/** The events that oblige the investor to fund a contingent tranche. */
public enum TriggerType {
    /** The agreement's "Mandatory Funding Event" (its terms are redacted in the filing). */
    MANDATORY_FUNDING_EVENT,
    /** An initial public offering by the company. */
    IPO,
    /** A confidential IPO filing: the investor must buy within a strict timeframe. */
    CONFIDENTIAL_IPO_FILING
}
