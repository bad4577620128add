package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;

/**
 * Schema 2 (one typed record per kind of event) and the import of schema 1. The schema-1 file is a real export of
 * the first edition's {@code smtpx send --json}: a lab session with STARTTLS, AUTH PLAIN, a pipelined flight, one
 * refused recipient and BDAT, then a session that broke on the reply line {@code 25O-8BITMIME}.
 */
class TranscriptSchemaTest {

    private static List<TranscriptEntry> schemaOne() throws IOException {
        try (InputStream in = TranscriptSchemaTest.class.getResourceAsStream(
                "/transcripts/schema1-two-lab-sessions.json")) {
            return TranscriptExport.readJson(in);
        }
    }

    @Test
    void schemaOneIsReadIntoTypedEvents() throws IOException {
        List<TranscriptEntry> entries = schemaOne();
        assertThat(entries).hasSize(32);

        TranscriptEntry.Connect connect = (TranscriptEntry.Connect) entries.get(0);
        assertThat(connect.host()).isEqualTo("127.0.0.1");
        assertThat(connect.address()).isEqualTo("127.0.0.1");
        assertThat(connect.port()).isEqualTo(2631);

        TranscriptEntry.Reply greeting = (TranscriptEntry.Reply) entries.get(2);
        assertThat(greeting.answering()).isEqualTo("CONNECT");
        assertThat(greeting.code()).isEqualTo(220);
        assertThat(greeting.bareLf()).isFalse();
        assertThat(greeting.raw()).asString(StandardCharsets.US_ASCII)
                .isEqualTo("220 lab.example ESMTP SMTP Explorer lab, scenario modern\r\n");

        TranscriptEntry.TlsUp tls = (TranscriptEntry.TlsUp) entries.get(7);
        assertThat(tls.protocol()).isEqualTo("TLSv1.3");
        assertThat(tls.cipher()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(tls.verified()).isTrue();
        assertThat(tls.insecure()).isFalse();
        assertThat(tls.chainLength()).isEqualTo(2);
        assertThat(tls.notAfter()).isEqualTo(Instant.parse("2029-03-04T02:10:31Z"));
        assertThat(tls.subject()).isEqualTo("O=SMTP Explorer lab,CN=localhost");

        TranscriptEntry.Command auth = (TranscriptEntry.Command) entries.get(11);
        assertThat(auth.text()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(auth.hasSecret()).isFalse();
        assertThat(auth.verb()).isEqualTo("AUTH");

        assertThat(entries).filteredOn(e -> e instanceof TranscriptEntry.Command c && c.verb().equals("RCPT"))
                .extracting(e -> ((TranscriptEntry.Command) e).flight()).containsOnly(
                        ((TranscriptEntry.Command) entries.get(14)).flight());

        TranscriptEntry.Payload chunk = (TranscriptEntry.Payload) entries.get(19);
        assertThat(chunk.bytes()).isEqualTo(22);
        assertThat(chunk.verb()).isEqualTo("BDAT");

        TranscriptEntry.Reply refused = (TranscriptEntry.Reply) entries.get(22);
        assertThat(refused.code()).isEqualTo(550);
        assertThat(refused.enhanced()).isEqualTo("5.1.1");
        assertThat(refused.answering()).isEqualTo("RCPT");
        assertThat(refused.latencyMicros()).isEqualTo(31_000L);

        TranscriptEntry.Failure broke = (TranscriptEntry.Failure) entries.get(31);
        assertThat(broke.failureClass()).isEqualTo("PROTOCOL");
        assertThat(broke.details()).isNull();
        assertThat(broke.raw()).asString(StandardCharsets.US_ASCII)
                .isEqualTo("250-lab.example Hello localhost\r\n25O-8BITMIME\r\n");
        assertThat(entries.get(27)).isInstanceOf(TranscriptEntry.Connect.class);
        assertThat(((TranscriptEntry.Connect) entries.get(27)).port()).isEqualTo(2632);
    }

    @Test
    void schemaOneConvertsToSchemaTwoWithoutLoss() throws IOException {
        List<TranscriptEntry> once = schemaOne();
        String json = TranscriptExport.toJson(once, true);
        assertThat(json).contains("\"schema\" : \"" + TranscriptExport.SCHEMA + "\"");
        List<TranscriptEntry> twice = TranscriptExport.readJson(new ByteArrayInputStream(
                json.getBytes(StandardCharsets.UTF_8)));
        assertThat(twice).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(once);
        assertThat(Ladder.of(twice)).isEqualTo(Ladder.of(once));
    }

    @Test
    void schemaTwoNamesEachKindAndKeepsTheBytesOfEveryEventThatHadThem() throws IOException {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.7", 25);
        t.client(SmtpCommand.auth("PLAIN", "AGFsaWNlAHdvbmRlcmxhbmQ="), 3);
        t.server(new ReplyParser().feed("250-a\n250 b\n".getBytes(StandardCharsets.US_ASCII)).get(0), "EHLO", 3,
                1200L);
        t.payload("DATA body", "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), 4096, "DATA");
        t.error("reply line does not start with a code", "PROTOCOL", "2O0 x\r\n".getBytes(StandardCharsets.US_ASCII));
        t.note("a remark");

        JsonNode doc = new ObjectMapper().readTree(TranscriptExport.toJson(t.entries(), false));
        assertThat(doc.get("schema").asText()).isEqualTo("smtp-explorer-transcript/2");
        JsonNode e = doc.get("entries");
        assertThat(e).extracting(n -> n.get("kind").asText())
                .containsExactly("CONNECT", "CLIENT", "SERVER", "PAYLOAD", "ERROR", "NOTE");
        assertThat(e.get(0).get("port").asInt()).isEqualTo(25);
        assertThat(e.get(0).get("host").asText()).isEqualTo("mx.example");
        assertThat(e.get(1).get("text").asText()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(e.get(1).get("secretFrom").asInt()).isEqualTo(-1);
        assertThat(new String(e.get(1).get("raw").binaryValue(), StandardCharsets.UTF_8))
                .isEqualTo("AUTH PLAIN <redacted>\r\n").doesNotContain("AGFsaWNl");
        assertThat(e.get(2).get("answering").asText()).isEqualTo("EHLO");
        assertThat(e.get(2).get("bareLf").asBoolean()).isTrue();
        assertThat(e.get(2).get("latencyMicros").asLong()).isEqualTo(1200);
        assertThat(new String(e.get(2).get("raw").binaryValue(), StandardCharsets.US_ASCII))
                .isEqualTo("250-a\n250 b\n");
        assertThat(e.get(3).get("bytes").asLong()).isEqualTo(4096);
        assertThat(new String(e.get(4).get("raw").binaryValue(), StandardCharsets.US_ASCII)).isEqualTo("2O0 x\r\n");
        assertThat(e.get(4).get("failureClass").asText()).isEqualTo("PROTOCOL");
        assertThat(e.get(5).has("raw")).isFalse();

        String revealed = TranscriptExport.toJson(t.entries(), true);
        List<TranscriptEntry> back = TranscriptExport.readJson(new ByteArrayInputStream(
                revealed.getBytes(StandardCharsets.UTF_8)));
        assertThat(back).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(t.entries());
        assertThat(((TranscriptEntry.Command) back.get(1)).hasSecret()).isTrue();
    }

    @Test
    void aFileThatIsNotATranscriptIsRefusedWithTheReason() {
        assertThatThrownBy(() -> read("{\"schema\":\"something-else/9\",\"entries\":[]}"))
                .isInstanceOf(IOException.class).hasMessageContaining("schema is \"something-else/9\"")
                .hasMessageContaining("smtp-explorer-transcript/2").hasMessageContaining("smtp-explorer-transcript/1");
        assertThatThrownBy(() -> read("[1, 2]")).isInstanceOf(IOException.class)
                .hasMessageContaining("schema is \"null\"");
        assertThatThrownBy(() -> read("{\"schema\":")).isInstanceOf(IOException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> read("{\"schema\":\"smtp-explorer-transcript/2\",\"entries\":{}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("\"entries\" is not a list");
        assertThatThrownBy(() -> read("{\"schema\":\"smtp-explorer-transcript/2\",\"entries\":"
                + "[{\"kind\":\"NOTE\",\"seq\":0,\"text\":\"ok\"},{\"kind\":\"TELEPORT\",\"seq\":1}]}"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("entry 1 cannot be read");
        assertThatThrownBy(() -> read("{\"schema\":\"smtp-explorer-transcript/2\",\"entries\":[7]}"))
                .isInstanceOf(IOException.class).hasMessage("entry 0 is not an object");
    }

    @Test
    void noEntriesIsAnEmptyTranscript() throws IOException {
        assertThat(read("{\"schema\":\"smtp-explorer-transcript/2\"}")).isEmpty();
        assertThat(read("{\"schema\":\"smtp-explorer-transcript/1\",\"entries\":null}")).isEmpty();
    }

    private static List<TranscriptEntry> read(String json) throws IOException {
        return TranscriptExport.readJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
