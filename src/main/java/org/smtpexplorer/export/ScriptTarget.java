package org.smtpexplorer.export;

import java.util.Locale;

/** The tools a saved session can be exported for. */
public enum ScriptTarget {
    SWAKS, OPENSSL, PYTHON;

    /** The script for this tool. */
    public String render(SessionFacts facts) {
        return switch (this) {
            case SWAKS -> SwaksScript.of(facts);
            case OPENSSL -> OpenSslScript.of(facts);
            case PYTHON -> PythonScript.of(facts);
        };
    }

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScriptTarget parse(String name) {
        for (ScriptTarget t : values()) {
            if (t.cliName().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--as must be swaks, openssl or python, not \"" + name + "\"");
    }
}
