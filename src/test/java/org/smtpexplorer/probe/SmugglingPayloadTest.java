package org.smtpexplorer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes after 354: carrier, the look-alike exactly once, the smuggled transaction, the real end of data. */
class SmugglingPayloadTest {
    private static String build(SmugglingVariant v) {
        return new String(SmugglingPayload.build(v, "abc123", "a@x.test", "b@y.test"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theLookAlikeSitsRightAfterATextLineWithoutALineEndAndBeforeTheSmuggledMail() {
        for (SmugglingVariant v : SmugglingVariant.values()) {
            String s = build(v);
            String lookAlike = new String(v.bytes(), StandardCharsets.ISO_8859_1);
            int at = s.indexOf(lookAlike + "MAIL FROM:<a@x.test>\r\n");
            assertThat(at).as(v.id()).isPositive();
            assertThat(s.substring(0, at)).as(v.id()).endsWith("look-alike, which follows:");
            assertThat(s.substring(at + lookAlike.length())).as(v.id()).startsWith(
                    "MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nDATA\r\n").endsWith("smuggled.\r\n.\r\n");
        }
    }

    @Test
    void theRealEndOfDataComesOnceAtTheEndAndNoOtherLineStartsWithADot() {
        for (SmugglingVariant v : SmugglingVariant.lookAlikes()) {
            String s = build(v);
            assertThat(s.indexOf("\r\n.\r\n")).as(v.id()).isEqualTo(s.length() - 5);
            String withoutLookAlike = s.replace(new String(v.bytes(), StandardCharsets.ISO_8859_1), "|");
            assertThat(withoutLookAlike.substring(0, withoutLookAlike.length() - 5)).as(v.id())
                    .doesNotContain("\n.").doesNotContain("\r.").doesNotContain("\0");
        }
    }

    @Test
    void bothMessagesCarryTheMarkerAndTheVariantInSubjectAndMessageId() {
        String s = build(SmugglingVariant.LF_LF);
        assertThat(s).contains("Subject: smtpx smuggling probe abc123 lf-lf: carrier\r\n")
                .contains("Subject: smtpx smuggling probe abc123 lf-lf: SMUGGLED\r\n")
                .contains("Message-ID: <abc123.lf-lf.carrier@smtpx.invalid>")
                .contains("Message-ID: <abc123.lf-lf.smuggled@smtpx.invalid>");
    }
}
