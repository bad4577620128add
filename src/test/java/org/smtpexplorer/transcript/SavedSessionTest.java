package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavedSessionTest {
    private static final String SESSION = """
            connect mx.example:587
            S: 220 mx.example ESMTP
            C: EHLO client.example
            S: 250-mx.example
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 2.0.0 Go ahead
            T: TLSv1.3 TLS_AES_128_GCM_SHA256
            C: EHLO client.example
            S: 250-mx.example
            S: 250-AUTH PLAIN
            S: 250 CHUNKING
            C: AUTH PLAIN |AGFsaWNlAHNlY3JldA==
            S: 235 2.7.0 OK
            N: Authenticated as alice with PLAIN
            C: MAIL FROM:<"a b>c"@example.com> BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1
            C| RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE
            C| RCPT TO:<carol@example.org>
            C| BDAT 100
            P: BDAT 100
            S: 250 2.1.0 OK
            S: 250 2.1.5 OK
            S: 250 2.1.5 OK
            S: 250 2.0.0 chunk
            C: BDAT 20 LAST
            P: BDAT 20
            S: 250 2.0.0 done
            C: QUIT
            S: 221 bye
            """;
    private static final SavedRequest REQUEST = new SavedRequest("mx.example", 587, "starttls",
            List.of("/etc/ca.pem"), false, "any", "client.example", "PLAIN", "alice", false, "a@example.com",
            List.of("bob@example.org"), "bdat", 100, true, "auto", "8bitmime", "normalise", null, null, null, false,
            null, 30);

    private static byte[] write(SavedSession s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TranscriptExport.writeJson(s, out);
        return out.toByteArray();
    }

    private static SavedSession read(String json) throws IOException {
        return TranscriptExport.readSession(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRequestAndTheMessageComeBackAsTheyWentWithTheSecretsRedacted() throws IOException {
        byte[] message = "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        SavedSession s = SavedSession.of(Scripted.session(SESSION), REQUEST, message, message.length,
                SavedSession.sha256(message));
        String json = new String(write(s), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("AGFsaWNlAHNlY3JldA==").contains("AUTH PLAIN <redacted>");
        assertThat(json.indexOf("\"request\"")).isLessThan(json.indexOf("\"entries\""));
        assertThat(json.indexOf("\"message\"")).as("the message comes last").isGreaterThan(json.indexOf("\"entries\""));
        SavedSession back = read(json);
        assertThat(back.request()).isEqualTo(REQUEST);
        assertThat(back.message()).isEqualTo(message);
        assertThat(back.messageSize()).isEqualTo(message.length);
        assertThat(back.messageSha256()).isEqualTo(SavedSession.sha256(message));
        assertThat(back.entries()).hasSize(s.entries().size());
    }

    @Test
    void aTranscriptWithoutTheNewFieldsReadsAsOneWithNothingSaved() throws IOException {
        String plain = TranscriptExport.toJson(Scripted.session(SESSION), false);
        SavedSession s = read(plain);
        assertThat(s.request()).isNull();
        assertThat(s.message()).isNull();
        assertThat(s.messageSize()).isNull();
        assertThat(s.hadMessage()).isFalse();
        assertThat(TranscriptExport.readJson(new ByteArrayInputStream(plain.getBytes(StandardCharsets.UTF_8))))
                .hasSize(s.entries().size());
    }

    @Test
    void aLargeMessageIsNamedBySizeAndDigestOnly() throws IOException {
        SavedSession s = SavedSession.of(List.of(), REQUEST, null, 123_456_789L, "ab".repeat(32));
        SavedSession back = read(new String(write(s), StandardCharsets.UTF_8));
        assertThat(back.message()).isNull();
        assertThat(back.hadMessage()).isTrue();
        assertThat(back.messageSize()).isEqualTo(123_456_789L);
    }

    @Test
    void fieldsFromANewerWriterAreIgnored() throws IOException {
        SavedSession s = read("""
                {"schema": "smtp-explorer-transcript/2", "history": {"id": 7},
                 "request": {"host": "mx.example", "port": 25, "security": "none", "future": [1, 2]},
                 "entries": []}""");
        assertThat(s.request().host()).isEqualTo("mx.example");
        assertThat(s.request().to()).isEmpty();
    }

    @Test
    void aMessageThatDoesNotMatchItsDigestIsRefused() {
        assertThatThrownBy(() -> read("""
                {"schema": "smtp-explorer-transcript/2", "messageSize": 2, "messageSha256": "00",
                 "entries": [], "message": "aGk="}""")).isInstanceOf(IOException.class)
                .hasMessageContaining("\"message\" does not match messageSize and messageSha256");
        assertThatThrownBy(() -> read("""
                {"schema": "smtp-explorer-transcript/2", "request": "mx.example", "entries": []}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("\"request\" is not an object");
        assertThatThrownBy(() -> read("""
                {"schema": "smtp-explorer-transcript/2", "entries": [], "message": 12}"""))
                .isInstanceOf(IOException.class).hasMessageContaining("\"message\" is not a base64 string");
    }

    @Test
    void aRequestIsInferredFromWhatTheTranscriptShows() {
        SavedRequest r = SavedRequest.inferredFrom(Scripted.session(SESSION));
        assertThat(r.host()).isEqualTo("mx.example");
        assertThat(r.port()).isEqualTo(587);
        assertThat(r.security()).isEqualTo("starttls");
        assertThat(r.helo()).isEqualTo("client.example");
        assertThat(r.authMechanism()).isEqualTo("PLAIN");
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.from()).isEqualTo("\"a b>c\"@example.com");
        assertThat(r.to()).containsExactly("bob@example.org", "carol@example.org");
        assertThat(r.body()).isEqualTo("8bitmime");
        assertThat(r.smtpUtf8()).isEqualTo("on");
        assertThat(r.dsnRet()).isEqualTo("HDRS");
        assertThat(r.envid()).isEqualTo("id+1");
        assertThat(r.dsnNotify()).isEqualTo("SUCCESS,FAILURE");
        assertThat(r.transfer()).isEqualTo("bdat");
        assertThat(r.chunkSize()).isEqualTo(100);
        assertThat(r.pipelining()).isTrue();
    }

    /**
     * Chunks that grew (1 MiB, then 2 MiB, as automatic chunks behind a pipelined envelope go) show no chunk size
     * was set: the inferred request asks for none. Equal chunks but the last show one.
     */
    @Test
    void chunksThatGrewInferNoChunkSize() {
        String grew = """
                connect mx.example:25
                S: 220 mx.example ESMTP
                C: EHLO me.example
                S: 250-mx.example
                S: 250-PIPELINING
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: BDAT 1048576
                S: 250 ok
                S: 250 ok
                S: 250 ok
                C: BDAT 2097200 LAST
                S: 250 ok
                C: QUIT
                S: 221 bye
                """;
        assertThat(SavedRequest.inferredFrom(Scripted.session(grew)).chunkSize()).isZero();
        assertThat(SavedRequest.inferredFrom(Scripted.session(grew.replace("BDAT 2097200 LAST", "BDAT 1048576\n"
                + "S: 250 ok\nC: BDAT 700 LAST"))).chunkSize()).isEqualTo(1048576);
    }

    @Test
    void implicitTlsIsInferredFromAHandshakeBeforeAnyCommand() {
        SavedRequest r = SavedRequest.inferredFrom(Scripted.session("""
                connect mx.example:465
                T: TLSv1.3 TLS_AES_128_GCM_SHA256
                S: 220 mx.example ESMTP
                C: EHLO me.example
                S: 250 mx.example
                C: QUIT
                S: 221 bye
                """));
        assertThat(r.security()).isEqualTo("implicit");
        assertThat(r.transfer()).isEqualTo("auto");
        assertThat(r.pipelining()).isFalse();
        assertThatThrownBy(() -> SavedRequest.inferredFrom(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no connection");
    }
}
