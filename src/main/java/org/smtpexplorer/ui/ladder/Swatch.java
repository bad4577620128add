package org.smtpexplorer.ui.ladder;

import org.smtpexplorer.transcript.LadderLayout.Ink;

/**
 * The colours the ladder is drawn in, each a CSS property of the view ({@code -ladder-client: -sx-client;} in
 * app.css), so the light and dark themes colour the canvas as they colour the transcript.
 */
enum Swatch {
    BACKGROUND("-ladder-background", null),
    TEXT("-ladder-text", null),
    LIFELINE("-ladder-lifeline", null),
    SELECTION("-ladder-selection", null),
    TLS_BACKGROUND("-ladder-tls-background", null),
    ERROR_BACKGROUND("-ladder-error-background", null),
    CLIENT("-ladder-client", Ink.CLIENT),
    REPLY_2("-ladder-reply-2", Ink.REPLY_2),
    REPLY_3("-ladder-reply-3", Ink.REPLY_3),
    REPLY_4("-ladder-reply-4", Ink.REPLY_4),
    REPLY_5("-ladder-reply-5", Ink.REPLY_5),
    NOTE("-ladder-note", Ink.NOTE),
    TLS("-ladder-tls", Ink.TLS),
    FAILURE("-ladder-failure", Ink.FAILURE);

    final String property;
    final Ink ink;

    Swatch(String property, Ink ink) {
        this.property = property;
        this.ink = ink;
    }

    static Swatch of(Ink ink) {
        for (Swatch s : values()) {
            if (s.ink == ink) {
                return s;
            }
        }
        throw new IllegalArgumentException("no swatch for " + ink);
    }
}
