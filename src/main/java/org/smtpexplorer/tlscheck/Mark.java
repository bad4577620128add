package org.smtpexplorer.tlscheck;

/** How one finding of the check came out. */
public enum Mark {
    /** Met. */
    PASS("\u2714", "met"),
    /** Worth knowing, and no requirement broken. */
    INFO("\u00b7", "info"),
    /** Not broken, but weaker than it could be (opportunistic TLS, a testing policy that would fail). */
    WARN("!", "warning"),
    /** A requirement the domain published, or that TLS needs, is not met. */
    FAIL("\u2716", "failed");

    private final String symbol;
    private final String word;

    Mark(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String symbol() {
        return symbol;
    }

    public String word() {
        return word;
    }

    /** The worse of the two. */
    public Mark worst(Mark other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
