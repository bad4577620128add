package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/** The project's own client (transport.Session) against the lab: the pairing a newcomer starts with. */
class ClientInteropTest {
    private static final byte[] MESSAGE = ("From: alice@lab.example\r\nTo: bob@lab.example\r\nSubject: Grüße\r\n"
            + "\r\n.one dot\r\n..two dots\r\n.\r\nGrüße aus 例子.中国\r\n").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    LabServer lab;

    @AfterEach
    void stop() {
        lab.close();
    }

    private SendRequest.Builder request(Scenario scenario, SecurityMode security) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(scenario).build());
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of("127.0.0.1", lab.port(), security, TlsSettings.trusting(lab.certificatePath()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        r.helo("client.example");
        r.from("alice@lab.example");
        r.to(List.of("bob@lab.example", "carol@example.com"));
        r.message(MessageSource.of(MESSAGE, "test message"));
        return r;
    }

    private static SendResult send(SendRequest.Builder r) {
        return new Session(r.build(), new Transcript()).send();
    }

    @Test
    void startTlsScramAndBdatDeliverTheExactBytes() throws IOException {
        SendRequest.Builder r = request(Scenario.MODERN, SecurityMode.STARTTLS);
        r.credentials(new Credentials("alice", "wonderland".toCharArray()));
        r.authMechanism("SCRAM-SHA-256");
        r.transfer(SendRequest.Transfer.BDAT);
        r.chunkSize(50);
        SendResult result = send(r);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(SendResult.Status.SENT);
        assertThat(result.tls().verified()).isTrue();
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.content()).isEqualTo(MESSAGE);
        assertThat(m.transfer()).isEqualTo(Transfer.BDAT);
        assertThat(m.chunkSizes()).hasSize((MESSAGE.length + 49) / 50);
        assertThat(m.session().authUser()).isEqualTo("alice");
        assertThat(m.session().tls()).isTrue();
    }

    /**
     * With no chunk size asked for, a message goes in one chunk, as most clients send it, or, when it rides with
     * MAIL and RCPT in one flight (PIPELINING), in chunks from 1 MiB up, each twice the last, the rest whole once
     * it is no more than twice the next: here a 3 MiB file on a plain connection (sent with sendfile) goes as 1 MiB
     * and the rest, and arrives exactly. Without PIPELINING it goes in one chunk; a chunk size still splits it.
     */
    @Test
    void withNoChunkSizeAFileGoesInOneChunkAndAChunkSizeSplitsIt() throws IOException {
        StringBuilder text = new StringBuilder("Subject: three mebibytes\r\n\r\n");
        while (text.length() < 3 << 20) {
            text.append("line ").append(text.length()).append(" of a message sent in one chunk\r\n");
        }
        Path eml = Files.writeString(dir.resolve("big.eml"), text, StandardCharsets.US_ASCII);
        SendRequest.Builder r = request(Scenario.NO_TLS, SecurityMode.NONE);
        r.to(List.of("bob@lab.example"));
        r.transfer(SendRequest.Transfer.BDAT);
        r.message(MessageSource.of(eml));
        assertThat(r.build().chunkSize()).as("the default").isZero();
        Transcript t = new Transcript();
        SendResult result = new Session(r.build(), t).send();
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(SendResult.Status.SENT);
        assertThat(lab.messages().get(0).content()).isEqualTo(Files.readAllBytes(eml));
        assertThat(lab.messages().get(0).chunkSizes()).containsExactly(1L << 20, Files.size(eml) - (1L << 20));
        assertThat(t.entries()).filteredOn(e -> e instanceof TranscriptEntry.Command && e.text().startsWith("BDAT "))
                .extracting(e -> e.text()).containsExactly("BDAT 1048576", "BDAT " + (Files.size(eml) - (1L << 20))
                        + " LAST");

        lab.close();
        r = request(Scenario.NO_PIPELINING, SecurityMode.NONE);
        r.to(List.of("bob@lab.example"));
        r.transfer(SendRequest.Transfer.BDAT);
        r.message(MessageSource.of(eml));
        assertThat(send(r).status()).isEqualTo(SendResult.Status.SENT);
        assertThat(lab.messages().get(0).chunkSizes()).as("after the envelope's replies: one chunk")
                .containsExactly(Files.size(eml));

        lab.close();
        r = request(Scenario.NO_TLS, SecurityMode.NONE);
        r.to(List.of("bob@lab.example"));
        r.transfer(SendRequest.Transfer.BDAT);
        r.message(MessageSource.of(eml));
        r.chunkSize(1 << 20);
        assertThat(send(r).status()).isEqualTo(SendResult.Status.SENT);
        assertThat(lab.messages().get(0).chunkSizes()).containsExactly(1L << 20, 1L << 20, 1L << 20,
                Files.size(eml) - (3L << 20));
        assertThat(lab.messages().get(0).content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void dataWithDsnOverPlainText() throws IOException {
        SendRequest.Builder r = request(Scenario.NO_TLS, SecurityMode.STARTTLS_IF_AVAILABLE);
        r.transfer(SendRequest.Transfer.DATA);
        r.to(List.of("bob@lab.example"));
        r.dsnNotify("SUCCESS,FAILURE");
        r.dsnRet("HDRS");
        r.envid("id+1");
        SendResult result = send(r);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(SendResult.Status.SENT);
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.content()).isEqualTo(MESSAGE);
        assertThat(m.transfer()).isEqualTo(Transfer.DATA);
        assertThat(m.envelope().ret()).isEqualTo("HDRS");
        assertThat(m.envelope().envid()).isEqualTo("id+1");
        assertThat(m.envelope().recipients().get(0).notifyOn()).containsExactly("SUCCESS", "FAILURE");
    }

    @Test
    void legacyFallsBackToHeloAndTakesA7BitMessage() throws IOException {
        SendRequest.Builder r = request(Scenario.LEGACY, SecurityMode.STARTTLS_IF_AVAILABLE);
        byte[] ascii = "Subject: old school\r\n\r\n.hello\r\n".getBytes(StandardCharsets.US_ASCII);
        r.message(MessageSource.of(ascii, "7-bit message"));
        SendResult result = send(r);
        assertThat(result.status()).as("%s", result.failure()).isEqualTo(SendResult.Status.SENT);
        assertThat(lab.messages().get(0).session().esmtp()).isFalse();
        assertThat(lab.messages().get(0).content()).isEqualTo(ascii);
    }

    @Test
    void startTlsRequiredStopsAtABrokenStartTls() throws IOException {
        SendResult result = send(request(Scenario.TLS_BROKEN, SecurityMode.STARTTLS));
        assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
        assertThat(lab.messages()).isEmpty();
    }

    @Test
    void theInjectedStartTlsRepliesAreNotBelieved() throws IOException {
        SendResult result = send(request(Scenario.STARTTLS_INJECTION, SecurityMode.STARTTLS));
        assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
        assertThat(result.failure().failureClass()).isIn(FailureClass.PROTOCOL, FailureClass.TLS);
        assertThat(lab.messages()).isEmpty();
    }

    @Test
    void garbageIsAProtocolError() throws IOException {
        SendResult result = send(request(Scenario.GARBAGE, SecurityMode.STARTTLS_IF_AVAILABLE));
        assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
        assertThat(result.failure().failureClass()).isEqualTo(FailureClass.PROTOCOL);
    }

    @Test
    void greylistedRecipientsAreReportedOneByOne() throws IOException {
        SendResult result = send(request(Scenario.GREYLIST, SecurityMode.STARTTLS_IF_AVAILABLE));
        assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
        assertThat(result.recipients()).allSatisfy(rr -> assertThat(rr.reply().code()).isEqualTo(451));
    }
}
