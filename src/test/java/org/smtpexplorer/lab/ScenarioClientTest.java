package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * The client's behaviour in the scenarios ClientInteropTest leaves out: each asserts what the client does, not
 * only what the server does.
 */
class ScenarioClientTest {
    private static final byte[] MESSAGE = "From: alice@lab.example\r\nSubject: t\r\n\r\nhello\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    LabServer lab;
    Transcript transcript = new Transcript();

    @AfterEach
    void stop() {
        lab.close();
    }

    private SendRequest.Builder request(Scenario scenario, SecurityMode security, byte[] message) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(scenario)
                .slowDelay(Duration.ofMillis(300)).trickleDelay(Duration.ofMillis(1)).build());
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of("127.0.0.1", lab.port(), security, TlsSettings.trusting(lab.certificatePath()))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)));
        r.from("alice@lab.example");
        r.to(List.of("bob@lab.example"));
        r.message(MessageSource.of(message, "test message"));
        return r;
    }

    private SendResult send(SendRequest.Builder r) {
        return new Session(r.build(), transcript).send();
    }

    private String text() {
        return TranscriptExport.toText(transcript.entries(), false);
    }

    @Test
    void noTlsStopsARequiredStartTlsButNotAnOpportunisticOne() throws IOException {
        SendResult required = send(request(Scenario.NO_TLS, SecurityMode.STARTTLS, MESSAGE));
        assertThat(required.failure().failureClass()).isEqualTo(FailureClass.TLS);
        assertThat(text()).doesNotContain("C: MAIL");
        lab.close();
        SendResult opportunistic = send(request(Scenario.NO_TLS, SecurityMode.STARTTLS_IF_AVAILABLE, MESSAGE));
        assertThat(opportunistic.status()).isEqualTo(SendResult.Status.SENT);
        assertThat(text()).contains("continuing without TLS");
    }

    @Test
    void authBeforeTlsIsRefusedUnlessAllowed() throws IOException {
        SendRequest.Builder r = request(Scenario.AUTH_BEFORE_TLS, SecurityMode.NONE, MESSAGE);
        r.authMechanism("PLAIN");
        r.credentials(new Credentials("alice", "wonderland".toCharArray()));
        SendResult refused = send(r);
        assertThat(refused.failure().failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
        assertThat(text()).doesNotContain("C: AUTH");
        r.allowPlaintextAuth(true);
        assertThat(send(r).status()).isEqualTo(SendResult.Status.SENT);
        assertThat(lab.messages().get(0).session().authUser()).isEqualTo("alice");
    }

    @Test
    void sizeLimitIsHonouredBeforeMail() throws IOException {
        byte[] big = new byte[20_000];
        java.util.Arrays.fill(big, (byte) 'x');
        for (int i = 76; i < big.length; i += 78) {
            big[i] = '\r';
            big[i + 1] = '\n';
        }
        SendResult r = send(request(Scenario.SIZE_LIMIT, SecurityMode.NONE, big));
        assertThat(r.failure().failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
        assertThat(r.failure().getMessage()).contains("SIZE limit is 10240");
        assertThat(text()).doesNotContain("C: MAIL");
    }

    @Test
    void aDropDuringTheBodyIsAClearFailureAndNeverSent() throws IOException {
        byte[] body = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        for (int i = 70; i < body.length; i += 72) {
            body[i] = '\r';
            body[i + 1] = '\n';
        }
        SendResult r = send(request(Scenario.DROP_MID_DATA, SecurityMode.NONE, body));
        assertThat(r.status()).isNotEqualTo(SendResult.Status.SENT);
        assertThat(r.failure().failureClass()).isIn(FailureClass.IO, FailureClass.UNKNOWN_OUTCOME);
        assertThat(r.failure().getMessage()).isNotBlank();
        assertThat(lab.messages()).isEmpty();
    }

    @Test
    void noPipeliningMeansOneCommandAtATime() throws IOException {
        SendResult r = send(request(Scenario.NO_PIPELINING, SecurityMode.NONE, MESSAGE));
        assertThat(r.status()).as(text()).isEqualTo(SendResult.Status.SENT);
        assertThat(text()).doesNotContain("PIPELINING:");
    }

    @Test
    void noChunkingMeansData() throws IOException {
        SendResult r = send(request(Scenario.NO_CHUNKING, SecurityMode.NONE, MESSAGE));
        assertThat(r.status()).isEqualTo(SendResult.Status.SENT);
        assertThat(text()).contains("C: DATA").doesNotContain("C: BDAT");
        assertThat(lab.messages().get(0).transfer()).isEqualTo(Transfer.DATA);
    }

    @Test
    void smugglingSequencesNeverEndTheDataEvenOnAnLfTolerantServer() throws IOException {
        byte[] smuggle = ("Subject: s\r\n\r\nbefore\n.\nMAIL FROM:<evil@x>\nRCPT TO:<victim@lab.example>\nDATA\n"
                + "forged\n.\nafter\r\n").getBytes(StandardCharsets.US_ASCII);
        for (Scenario s : new Scenario[] {Scenario.LF_TOLERANT, Scenario.STRICT_CRLF}) {
            SendRequest.Builder r = request(s, SecurityMode.NONE, smuggle);
            r.transfer(SendRequest.Transfer.DATA);
            SendResult result = send(r);
            assertThat(result.status()).as(s.id()).isEqualTo(SendResult.Status.SENT);
            assertThat(lab.messages()).as(s.id()).hasSize(1);
            String stored = lab.messages().get(0).contentAsString();
            assertThat(stored).contains("MAIL FROM:<evil@x>").contains("after");
            assertThat(stored.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
            lab.close();
        }
        lab = LabServer.start(LabConfig.builder().dataDir(dir).build());
    }

    @Test
    void binaryMimeByBdatAndRequireTlsInsideTls() throws IOException {
        byte[] binary = "Subject: bin\r\nContent-Transfer-Encoding: binary\r\n\r\nNUL \0 and a bare CR \r here\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        SendRequest.Builder r = request(Scenario.MODERN, SecurityMode.STARTTLS, binary);
        r.requireTls(true);
        SendResult result = send(r);
        assertThat(result.status()).as(text()).isEqualTo(SendResult.Status.SENT);
        assertThat(text()).contains("BODY=BINARYMIME").contains(" REQUIRETLS").contains("C: BDAT");
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.content()).isEqualTo(binary);
        assertThat(m.envelope().requireTls()).isTrue();
        assertThat(String.valueOf(m.envelope().body())).isEqualTo("BINARYMIME");
    }

    @Test
    void slowAndTricklingRepliesStillComplete() throws IOException {
        assertThat(send(request(Scenario.SLOW, SecurityMode.NONE, MESSAGE)).status())
                .isEqualTo(SendResult.Status.SENT);
        lab.close();
        assertThat(send(request(Scenario.TRICKLE, SecurityMode.NONE, MESSAGE)).status())
                .isEqualTo(SendResult.Status.SENT);
    }
}
