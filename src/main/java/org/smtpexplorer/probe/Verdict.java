package org.smtpexplorer.probe;

/** What the server did with one end-of-data look-alike. */
public enum Verdict {
    /** The server ended the message at the look-alike and read what followed as commands: vulnerable. */
    ENDED_HERE("ENDED-HERE", "vulnerable"),
    /** The server read the look-alike, and the smuggled lines after it, as message text: safe. */
    ACCEPTED_AS_DATA("ACCEPTED-AS-DATA", "safe"),
    /** The server refused the message that held the look-alike, and read nothing after it as commands: safe. */
    REJECTED("REJECTED", "safe"),
    /** The replies fit neither reading, or the session failed before the server could show which it took. */
    INCONCLUSIVE("INCONCLUSIVE", "unknown");

    private final String label;
    private final String meaning;

    Verdict(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** As printed: "ENDED-HERE", "ACCEPTED-AS-DATA", "REJECTED", "INCONCLUSIVE". */
    public String label() {
        return label;
    }

    /** "vulnerable", "safe" or "unknown", for a look-alike; the control is expected to end here. */
    public String meaning() {
        return meaning;
    }
}
