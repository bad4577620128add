package org.smtpexplorer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of look-alikes: each is what its notation says, none is the real end of data, all are distinct. */
class SmugglingVariantTest {
    /** Reads "<CR><LF>.<LF>" back into bytes, independently of how the enum spells them. */
    private static byte[] fromNotation(String notation) {
        String s = notation.replace("<CR>", "\r").replace("<LF>", "\n").replace("<NUL>", "\0");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyVariantsBytesAreWhatItsNotationSaysAndItsEscapesSpellThemOut() {
        for (SmugglingVariant v : SmugglingVariant.values()) {
            assertThat(v.bytes()).as(v.id()).isEqualTo(fromNotation(v.notation()));
            String unescaped = v.escaped().replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
            assertThat(unescaped.getBytes(StandardCharsets.ISO_8859_1)).as(v.id()).isEqualTo(v.bytes());
            assertThat(v.hex()).hasSize(2 * v.bytes().length);
        }
        assertThat(SmugglingVariant.LF_CRLF.escaped()).isEqualTo("\\n.\\r\\n");
        assertThat(SmugglingVariant.LF_CRLF.hex()).isEqualTo("0a2e0d0a");
        assertThat(SmugglingVariant.CRLF_DOT_NUL.escaped()).isEqualTo("\\r\\n.\\0\\r\\n");
    }

    @Test
    void onlyTheControlIsTheRealEndOfDataAndEveryLookAlikeHasADotBetweenLineEndCharacters() {
        byte[] real = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SmugglingVariant.CONTROL.bytes()).isEqualTo(real);
        assertThat(SmugglingVariant.CONTROL.isControl()).isTrue();
        for (SmugglingVariant v : SmugglingVariant.lookAlikes()) {
            assertThat(v.isControl()).isFalse();
            assertThat(v.bytes()).as(v.id()).isNotEqualTo(real);
            String s = new String(v.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(s).as(v.id()).contains(".").matches("[\r\n\0]+\\.[\r\n\0]+");
        }
    }

    @Test
    void theTableHoldsTheAdvisoriesSequencesOnceEach() {
        List<String> notations = Arrays.stream(SmugglingVariant.values()).map(SmugglingVariant::notation).toList();
        assertThat(notations).contains("<LF>.<LF>", "<CR>.<CR>", "<LF>.<CR><LF>", "<CR><LF>.<LF>",
                "<CR><LF>.<CR>", "<CR>.<LF>", "<LF>.<CR>", "<CR><LF>.<NUL><CR><LF>", "<CR><LF><NUL>.<CR><LF>",
                "<CR>.<CR><LF>", "<CR><LF>.<CR><CR><LF>", "<CR><CR><LF>.<CR><CR><LF>");
        Set<String> bytes = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (SmugglingVariant v : SmugglingVariant.values()) {
            assertThat(bytes.add(v.hex())).as(v.id()).isTrue();
            assertThat(ids.add(v.id())).as(v.id()).isTrue();
            assertThat(v.explanation()).as(v.id()).isNotBlank();
            assertThat(v.sources()).as(v.id()).isNotBlank();
        }
    }

    @Test
    void theSourcesNameTheAdvisoriesWhereTheyApply() {
        assertThat(SmugglingVariant.LF_CRLF.sources()).contains("SEC Consult", "CVE-2023-51764", "CVE-2023-51765",
                "CVE-2023-51766");
        assertThat(SmugglingVariant.LF_LF.sources()).contains("RFC 5321 §2.3.8", "CVE-2023-51764");
        assertThat(SmugglingVariant.CONTROL.sources()).contains("RFC 5321 §4.1.1.4");
    }

    @Test
    void variantsAreFoundByIdOrConstantName() {
        assertThat(SmugglingVariant.fromId("lf-crlf")).isEqualTo(SmugglingVariant.LF_CRLF);
        assertThat(SmugglingVariant.fromId(" CRLF_DOT_NUL ")).isEqualTo(SmugglingVariant.CRLF_DOT_NUL);
        assertThatThrownBy(() -> SmugglingVariant.fromId("lflf")).hasMessageContaining("unknown variant \"lflf\"")
                .hasMessageContaining("lf-lf");
    }
}
