package io.khidma.core.identity;

/**
 * How sure the identity provider is that the citizen is who they claim to be, on the eIDAS scale.
 * UAE PASS user types map onto it as SOP1 → {@link #LOW}, SOP2 → {@link #SUBSTANTIAL}, SOP3 →
 * {@link #HIGH} (see {@link ProfileMapping#uaePass()}).
 */
public enum LevelOfAssurance {
    /** Self-registered; identity not verified (UAE PASS SOP1, "basic"). */
    LOW,
    /** Identity verified against a national register (UAE PASS SOP2, "verified"). */
    SUBSTANTIAL,
    /** Verified in person or with identity documents (UAE PASS SOP3). */
    HIGH,
    /** The provider said nothing the mapping recognises. */
    UNKNOWN
}
