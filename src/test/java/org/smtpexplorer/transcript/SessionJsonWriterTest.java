package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history's hand-written JSON is the document Jackson writes, as a JSON tree, and reads back the same. */
class SessionJsonWriterTest {
    private static final Instant T = Instant.parse("2026-11-30T05:01:02.123456789Z");
    /** Every character class a string can carry: quotes, backslash, controls, DEL, non-ASCII, a pair (Jackson refuses to write a lone surrogate; see below). */
    private static final String HARD = "q\"b\\s/t\tn\nr\rb\bf\f\u0000\u001b\u007f é 中 \ud83d\udce7";

    private static List<TranscriptEntry> everyKind() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("b", HARD);
        details.put("a", "1");
        List<TranscriptEntry> e = new ArrayList<>();
        e.add(new TranscriptEntry.Connect(0, T, "Connecting to " + HARD, "mx.example", "192.0.2.1", 25, 708L));
        e.add(new TranscriptEntry.Connect(1, T, "again", "::1", null, 587, null));
        e.add(new TranscriptEntry.Command(2, T, "EHLO " + HARD, new byte[] {0, 1, (byte) 0xff, '\r', '\n'}, -1, 2,
                "EHLO"));
        e.add(new TranscriptEntry.Command(3, T, "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
                "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n".getBytes(StandardCharsets.US_ASCII), 11, 3, "AUTH"));
        e.add(new TranscriptEntry.Reply(4, T, "250-a\n250 " + HARD, "250-a\r\n250 b\r\n".getBytes(
                StandardCharsets.US_ASCII), 2, "EHLO", 250, "2.0.0", 1234L, true));
        e.add(new TranscriptEntry.Reply(5, T, "220 hi", null, 1, null, 220, null, null, false));
        e.add(new TranscriptEntry.Payload(6, T, "BDAT chunk", new byte[] {'x'}, 123_456_789_012L, "BDAT"));
        e.add(new TranscriptEntry.TlsUp(7, T, "TLS", "TLSv1.3", "TLS_AES_128_GCM_SHA256", true, "ok", false,
                "CN=" + HARD, "CN=ca", Instant.parse("2030-01-01T00:00:00Z"), 2));
        e.add(new TranscriptEntry.TlsUp(8, T, "TLS", null, null, false, null, true, null, null, null, 0));
        e.add(new TranscriptEntry.Note(9, T, "note", null));
        e.add(new TranscriptEntry.Note(10, T, "note " + HARD, details));
        e.add(new TranscriptEntry.Failure(11, T, "broke", new byte[] {'5', '5'}, 99L, "PROTOCOL", details));
        e.add(new TranscriptEntry.Failure(12, T, "plain", null, null, "IO", null));
        return e;
    }

    private static SavedRequest request() {
        return new SavedRequest("mx." + HARD, 587, "starttls", List.of("/a b/ca.pem"), true, "any", "client", "PLAIN",
                "alice", false, "", List.of("b@x.test", HARD), "bdat", 65536, true, "auto", "8bitmime", "normalise",
                "SUCCESS,FAILURE", "HDRS", "env id", true, "rcpt", 30);
    }

    @Test
    void aFullSessionIsTheTreeJacksonWrites() throws Exception {
        byte[] message = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        SavedSession s = SavedSession.of(everyKind(), request(), message, message.length,
                SavedSession.sha256(message));
        assertSameTree(s);
    }

    @Test
    void aBareSessionIsTheTreeJacksonWrites() throws Exception {
        assertSameTree(SavedSession.of(everyKind()));
        assertSameTree(SavedSession.of(List.of()));
        SavedRequest sparse = new SavedRequest("h", 25, null, null, false, null, null, null, null, false, null, null,
                null, 0, false, null, null, null, null, null, null, false, null, null);
        assertSameTree(new SavedSession(everyKind(), sparse, null, 5_000_000_000L, null));
    }

    @Test
    void itReadsBackAsTheSameSessionWithSecretsRedacted() throws Exception {
        byte[] message = {1, 2, 3};
        SavedSession s = SavedSession.of(everyKind(), request(), message, 3, SavedSession.sha256(message));
        StringWriter w = new StringWriter();
        SessionJsonWriter.write(s, w);
        assertThat(w.toString()).doesNotContain("AGFsaWNlAHNlY3JldA").contains("AUTH PLAIN <redacted>");
        SavedSession back = TranscriptExport.readSession(new ByteArrayInputStream(w.toString().getBytes(
                StandardCharsets.UTF_8)));
        assertThat(back.request()).isEqualTo(s.request());
        assertThat(back.message()).isEqualTo(message);
        assertThat(back.entries()).hasSameSizeAs(s.entries());
        for (int i = 0; i < s.entries().size(); i++) {
            TranscriptEntry want = s.entries().get(i).redacted();
            TranscriptEntry got = back.entries().get(i);
            assertThat(got.text()).isEqualTo(want.text());
            assertThat(got.raw()).isEqualTo(want.raw());
            assertThat(got.kind()).isEqualTo(want.kind());
            assertThat(got.time()).isEqualTo(want.time());
        }
    }

    /** A lone surrogate (Jackson's own writer refuses one) is escaped, so the file still reads. */
    @Test
    void aLoneSurrogateIsEscapedAndReadsBack() throws Exception {
        List<TranscriptEntry> e = List.of(new TranscriptEntry.Note(0, T, "a\ud800b\udc00c", null));
        StringWriter w = new StringWriter();
        SessionJsonWriter.write(SavedSession.of(e), w);
        assertThat(w.toString()).contains("a\\ud800b\\udc00c");
        SavedSession back = TranscriptExport.readSession(new ByteArrayInputStream(w.toString().getBytes(
                StandardCharsets.UTF_8)));
        assertThat(back.entries().get(0).text()).isEqualTo("a\ud800b\udc00c");
    }

    private static void assertSameTree(SavedSession s) throws Exception {
        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        TranscriptExport.writeJson(s, jackson);
        StringWriter hand = new StringWriter();
        SessionJsonWriter.write(s, hand);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode want = mapper.readTree(jackson.toByteArray());
        JsonNode got = mapper.readTree(hand.toString());
        assertThat(got).as("hand-written:\n" + hand + "\nJackson:\n" + jackson).isEqualTo(want);
    }
}
