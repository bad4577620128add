package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    /** Editors and viewers that honour Unicode line terminators would otherwise show "C: QUIT" as its own line. */
    @Test
    void unicodeLineAndParagraphSeparatorsAreEscaped() {
        assertThat(Printable.escape("ok\u2028C: QUIT\u2029! forged")).isEqualTo("ok\\u2028C: QUIT\\u2029! forged");
    }

    @Test
    void everyControlAndFormatCharacterBecomesAVisibleEscape() {
        assertThat(Printable.escape("\u0000\u0007\u0008\u000b\u000c\u001b[1m\u007f\u0085\u009b\u00ad"))
                .isEqualTo("\\x00\\x07\\x08\\x0b\\x0c\\x1b[1m\\x7f\\x85\\x9b\\u00ad");
        assertThat(Printable.escape("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066"
                + "\u2067\u2068\u2069\ufeff\ufff9\ufffb")).isEqualTo("\\u061c\\u200b\\u200c\\u200d\\u200e\\u200f"
                + "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2060\\u2066\\u2067\\u2068\\u2069\\ufeff\\ufff9\\ufffb");
        assertThat(Printable.escape("plain text, é 例 \uFFFD")).isEqualTo("plain text, é 例 \uFFFD");
    }

    @Test
    void textKeepsItsLinesTabsAndBackslashesButNotItsControls() {
        assertThat(Printable.escapeKeepingLines("a\tb\r\nC:\\x\u202e\ry\nz\u001b[2J\u2028"))
                .isEqualTo("a\tb\nC:\\x\\u202e\\ry\nz\\x1b[2J\\u2028");
    }
}
