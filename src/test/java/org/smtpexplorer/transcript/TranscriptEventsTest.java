package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;

/** Every kind of event: recorded once, handed back to its recorder, heard by listeners, and re-numbered on import. */
class TranscriptEventsTest {

    private static Transcript everyKind(List<TranscriptEntry> returned) {
        Transcript t = new Transcript();
        returned.add(t.connect("mx.example", "192.0.2.1", 25));
        returned.add(t.client(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA=="), 1));
        returned.add(t.server(new ReplyParser().feed("235 2.7.0 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0),
                "AUTH", 1, 800L));
        returned.add(t.payload("BDAT chunk 1 of 1: 5 bytes", "hello".getBytes(StandardCharsets.US_ASCII), 5,
                "BDAT"));
        returned.add(t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", false, "NOT verified: self-signed", true, "CN=mx", "CN=mx",
                Instant.parse("2030-01-01T00:00:00Z"), 1)));
        returned.add(t.note("a remark", Map.of("why", "because")));
        returned.add(t.error("timed out", "TIMEOUT"));
        returned.add(t.error("reply line does not start with a code", "PROTOCOL",
                "2O0 x\r\n".getBytes(StandardCharsets.US_ASCII)));
        return t;
    }

    @Test
    void eachRecorderReturnsTheEventItAppendedAndListenersHearItOnce() {
        List<TranscriptEntry> returned = new ArrayList<>();
        List<TranscriptEntry> heard = new ArrayList<>();
        Transcript t = new Transcript();
        t.addListener(heard::add);
        returned.add(t.connect("mx.example", "192.0.2.1", 25));
        returned.add(t.client(SmtpCommand.noop(), 2));
        returned.add(t.server(new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0),
                "NOOP", 2, 10L));
        returned.add(t.payload("DATA body", new byte[0], 0, "DATA"));
        returned.add(t.error("gone", "IO"));
        returned.add(t.error("bad", "PROTOCOL", new byte[] {'x'}));
        assertThat(t.entries()).containsExactlyElementsOf(returned);
        assertThat(heard).containsExactlyElementsOf(returned);
        assertThat(returned).extracting(TranscriptEntry::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(((TranscriptEntry.Failure) returned.get(4)).bytes()).isNull();
        assertThat(((TranscriptEntry.Failure) returned.get(5)).bytes()).isEqualTo(1L);
    }

    @Test
    void importingRenumbersEveryKindAndKeepsEverythingElse() {
        List<TranscriptEntry> original = new ArrayList<>();
        everyKind(original);
        Transcript target = new Transcript();
        target.note("already here");
        List<TranscriptEntry> heard = new ArrayList<>();
        target.addListener(heard::add);
        original.forEach(target::appendImported);

        List<TranscriptEntry> imported = target.entries().subList(1, target.size());
        assertThat(heard).containsExactlyElementsOf(imported);
        assertThat(imported).extracting(TranscriptEntry::kind).containsExactly(EntryKind.CONNECT, EntryKind.CLIENT,
                EntryKind.SERVER, EntryKind.PAYLOAD, EntryKind.TLS, EntryKind.NOTE, EntryKind.ERROR, EntryKind.ERROR);
        for (int i = 0; i < original.size(); i++) {
            assertThat(imported.get(i).seq()).isEqualTo(i + 1L);
            assertThat(imported.get(i)).usingRecursiveComparison().ignoringFields("seq").isEqualTo(original.get(i));
            assertThat(imported.get(i).time()).isEqualTo(original.get(i).time());
        }
    }

    @Test
    void theTextFormHidesTheSecretUnlessRevealedOnPurpose() {
        Transcript t = everyKind(new ArrayList<>());
        String hidden = TranscriptExport.toText(t.entries(), false);
        String revealed = TranscriptExport.toText(t.entries(), true);
        assertThat(hidden).contains("C: AUTH PLAIN <redacted>\n").doesNotContain("AGFsaWNl");
        assertThat(revealed).contains("C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\n");
        assertThat(hidden.lines()).containsExactly("* Connecting to mx.example [192.0.2.1]:25",
                "C: AUTH PLAIN <redacted>", "S: 235 2.7.0 ok", "C: [BDAT chunk 1 of 1: 5 bytes]", "* TLS established",
                "* a remark", "! timed out", "! reply line does not start with a code");
    }
}
