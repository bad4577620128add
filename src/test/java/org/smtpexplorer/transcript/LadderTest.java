package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.TlsSettings;

/** The session as a ladder: one rung per command, reply, payload and failure, and as Mermaid for Markdown. */
class LadderTest {
    @Test
    void aPipelinedSessionWithARefusalAsMermaid(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody; #1\r\n");
        Path ladder = tmp.resolve("session.mmd");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-PIPELINING
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: RCPT TO:<c@example.com>
                C: BDAT 24 LAST
                CX: Subject: x\\r\\n\\r\\nbody; #1\\r\\n
                S: 250 2.1.0 Ok
                S: 250 2.1.5 Ok
                S: 550 5.1.1 No such user; sorry
                S: 250 2.0.0 Queued
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--to", "c@example.com", "--eml", eml.toString(), "--ladder", ladder.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(6);
            String mermaid = Files.readString(ladder, StandardCharsets.UTF_8)
                    .replaceAll("\\(\\d+(\\.\\d)? (µs|ms|s)\\)", "(T)").replace(":" + server.port(), ":PORT");
            assertThat(mermaid).isEqualTo("""
                    sequenceDiagram
                        participant C as Client
                        participant S as 127.0.0.1:PORT
                        Note over C,S: connect
                        S-->>C: 220 mx.example ESMTP
                        C->>S: EHLO localhost
                        S-->>C: 250-mx.example (+2 lines) (T)
                        rect rgb(238, 243, 251)
                        Note left of C: pipelined, 4 commands
                        C->>S: MAIL FROM:<a@example.com>
                        C->>S: RCPT TO:<b@example.com>
                        C->>S: RCPT TO:<c@example.com>
                        C->>S: BDAT 24 LAST
                        end
                        C-)S: BDAT payload, 24 bytes
                        S-->>C: 250 2.1.0 Ok (T)
                        S-->>C: 250 2.1.5 Ok (T)
                        S-->>C: ✖ 550 5.1.1 No such user#59; sorry (T)
                        S-->>C: 250 2.0.0 Queued (T)
                        C->>S: QUIT
                        S-->>C: 221 Bye (T)
                    """);
        }
    }

    @Test
    void rungsCarryWhatTheWindowNeedsAndNoSecret() {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 587);
        t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", true, "trusted", false, null, null, null, 0));
        t.client(org.smtpexplorer.engine.SmtpCommand.auth("PLAIN", "c2VjcmV0"), 4);
        t.server(new org.smtpexplorer.engine.ReplyParser().feed("451 4.7.0 Try later\r\n"
                .getBytes(StandardCharsets.US_ASCII)).get(0), "AUTH", 4, 1500L);
        t.error("the server closed the connection", "IO");
        Ladder ladder = Ladder.of(t.entries());
        assertThat(ladder.server()).isEqualTo("mx.example:587");
        assertThat(ladder.steps()).extracting(Ladder.Rung::kind).containsExactly(Ladder.Kind.NOTE, Ladder.Kind.TLS,
                Ladder.Kind.COMMAND, Ladder.Kind.REPLY, Ladder.Kind.FAILURE);
        Ladder.Rung auth = ladder.steps().get(2);
        assertThat(auth.label()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(auth.encrypted()).isTrue();
        assertThat(auth.flight()).isEqualTo(4);
        Ladder.Rung reply = ladder.steps().get(3);
        assertThat(reply.refusal()).isTrue();
        assertThat(reply.replyClass()).isEqualTo(4);
        assertThat(reply.latencyMicros()).isEqualTo(1500);
        assertThat(ladder.toMermaid()).contains("rect rgb(230, 244, 234)", "TLS TLSv1.3 TLS_AES_128_GCM_SHA256"
                + " (encrypted below)", "S-->>C: ⚠ 451 4.7.0 Try later (1.5 ms)", "Note over C,S: ✖ the server"
                + " closed the connection").doesNotContain("c2VjcmV0").endsWith("    end\n");
    }

    /** A pipelined session with STARTTLS and AUTH against the lab, its only recipient refused, BDAT in 3 chunks. */
    private static Transcript refusedBdatSession(Path dir) throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            Transcript t = new Transcript();
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", lab.port(), SecurityMode.STARTTLS,
                    TlsSettings.trusting(lab.certificatePath())).withTimeouts(Duration.ofSeconds(10),
                    Duration.ofSeconds(10)));
            r.credentials(new Credentials("alice", "wonderland".toCharArray()));
            r.authMechanism("PLAIN");
            r.from("alice@lab.example");
            r.to(List.of("nobody@lab.example"));
            r.message(MessageSource.of(("Subject: t\r\n\r\n" + "x".repeat(250) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII), "test message"));
            r.transfer(SendRequest.Transfer.BDAT);
            r.chunkSize(100);
            new Session(r.build(), t).send();
            return t;
        }
    }

    @Test
    void aRefusalTheSessionNamedAsRootCauseAndItsFollowOn(@TempDir Path dir) throws Exception {
        Transcript t = refusedBdatSession(dir);
        Ladder ladder = Ladder.of(t.entries());
        List<Ladder.Rung> refusals = ladder.steps().stream().filter(Ladder.Rung::refusal).toList();
        assertThat(refusals).as(TranscriptExport.toText(t.entries(), false)).hasSizeGreaterThanOrEqualTo(2);
        Ladder.Rung root = refusals.get(0);
        assertThat(root.label()).startsWith("550 5.1.1");
        assertThat(root.rootCause()).isTrue();
        assertThat(root.followOn()).isFalse();
        // The failure names the reply to BDAT that only followed from no recipient being accepted.
        String failure = ladder.steps().stream().filter(x -> x.kind() == Ladder.Kind.FAILURE).findFirst()
                .orElseThrow().label();
        List<Ladder.Rung> followOns = ladder.steps().stream().filter(Ladder.Rung::followOn).toList();
        assertThat(followOns).isNotEmpty().allSatisfy(f -> {
            assertThat(f.rootSeq()).isEqualTo(root.seq());
            assertThat(failure).contains(f.label().replaceAll(" \\(\\+\\d+ lines?\\)$", ""));
        });
        assertThat(ladder.toMermaid()).contains("✖ 550 5.1.1").contains(" root cause\n").contains(" follow-on\n");
        // The TLS band says whether the certificate was verified, and a BDAT chunk goes in its command's flight.
        assertThat(ladder.steps()).filteredOn(x -> x.kind() == Ladder.Kind.TLS).singleElement()
                .satisfies(x -> assertThat(x.label()).startsWith("TLS TLSv1.")
                        .matches(".*, certificate verified, handshake \\d+(\\.\\d)? (µs|ms|s)"));
        // The EHLO after TLS names what TLS unlocked (the lab offers AUTH and REQUIRETLS only inside TLS).
        List<String> ehloReplies = ladder.steps().stream().filter(x -> x.kind() == Ladder.Kind.REPLY
                && x.label().startsWith("250-")).map(Ladder.Rung::label).toList();
        assertThat(ehloReplies).hasSize(2);
        assertThat(ehloReplies.get(0)).doesNotContain("new after TLS");
        assertThat(ehloReplies.get(1)).endsWith("; new after TLS: AUTH, REQUIRETLS");
        for (int i = 0; i < ladder.steps().size(); i++) {
            if (ladder.steps().get(i).kind() == Ladder.Kind.PAYLOAD) {
                assertThat(ladder.steps().get(i).flight()).isEqualTo(ladder.steps().get(i - 1).flight())
                        .isNotZero();
            }
        }
    }

    @Test
    void builtOneEntryAtATimeItIsTheSameLadder(@TempDir Path dir) throws Exception {
        List<TranscriptEntry> entries = refusedBdatSession(dir).entries();
        Ladder.Builder b = new Ladder.Builder();
        int marked = Integer.MAX_VALUE;
        for (TranscriptEntry e : entries) {
            int before = b.rungs().size();
            int changed = b.add(e);
            assertThat(changed).isLessThanOrEqualTo(before);
            if (changed < before) {
                marked = Math.min(marked, changed);
            }
        }
        assertThat(b.build()).isEqualTo(Ladder.of(entries));
        // Only the failure at the end reached back, to mark the refusal it was named after.
        assertThat(b.rungs().get(marked).rootCause()).isTrue();
    }

    @Test
    void smtpxSendWritesALongAuthExchangeFoldedAsTheWindowFirstShowsIt(@TempDir Path tmp) throws Exception {
        Path password = Files.writeString(tmp.resolve("password"), "wonderland\n");
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nhello\r\n");
        Path mmd = tmp.resolve("session.mmd");
        Path svg = tmp.resolve("session.svg");
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(tmp.resolve("lab")).build())) {
            for (Path ladder : List.of(mmd, svg)) {
                Smtpx.Run run = Smtpx.send(lab.port(), "--security", "starttls", "--trust-cert",
                        lab.certificatePath().toString(), "--auth", "LOGIN", "--user", "alice", "--password-file",
                        password.toString(), "--from", "alice@lab.example", "--to", "bob@lab.example", "--eml",
                        eml.toString(), "--ladder", ladder.toString());
                assertThat(run.exit()).as(run.describe()).isZero();
            }
        }
        String mermaid = Files.readString(mmd, StandardCharsets.UTF_8).replaceAll(" \\(\\d+(\\.\\d)? (µs|ms|s)\\)",
                "");
        assertThat(mermaid).contains("""
                    C->>S: AUTH LOGIN
                    S-->>C: 334 VXNlcm5hbWU6
                    Note over C,S: ▸ 3 more SASL steps (2 responses, 1 challenge), folded
                    S-->>C: 235 2.7.0 Authentication successful
                """).doesNotContain("UGFzc3dvcmQ6", "<redacted>", "YWxpY2U", "d29uZGVy");
        String picture = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(picture).contains("class=\"rung folded ink-note\"", "stroke-dasharray=\"5 4\"",
                "\u25b8 3 more SASL steps (2 responses, 1 challenge), folded").doesNotContain("UGFzc3dvcmQ6");
    }

    @Test
    void aFoldedLadderKeepsEveryOtherRungAndOpensWhatIsChosen() {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 587);
        t.client(org.smtpexplorer.engine.SmtpCommand.auth("LOGIN", null), 1);
        t.server(reply("334 VXNlcm5hbWU6"), "AUTH", 1, 900L);
        t.client(new org.smtpexplorer.engine.SmtpCommand.AuthResponse("YWxpY2U="), 2);
        t.server(reply("334 UGFzc3dvcmQ6"), "AUTH_RESPONSE", 2, 900L);
        t.client(new org.smtpexplorer.engine.SmtpCommand.AuthResponse("d29uZGVybGFuZA=="), 3);
        t.server(reply("235 2.7.0 Authentication successful"), "AUTH_RESPONSE", 3, 900L);
        t.client(org.smtpexplorer.engine.SmtpCommand.auth("PLAIN", null), 4);
        t.server(reply("334 "), "AUTH", 4, 900L);
        t.client(new org.smtpexplorer.engine.SmtpCommand.AuthResponse("AGFsaWNlAHdvbmRlcmxhbmQ="), 5);
        t.server(reply("235 2.7.0 Ok"), "AUTH_RESPONSE", 5, 900L);
        Ladder all = Ladder.of(t.entries());
        assertThat(all.sasl()).extracting(Ladder.SaslExchange::responses).containsExactly(2, 1);
        assertThat(all.sasl()).extracting(Ladder.SaslExchange::foldable).containsExactly(true, false);
        assertThat(all.folded().steps()).extracting(Ladder.Rung::kind).containsExactly(Ladder.Kind.NOTE,
                Ladder.Kind.COMMAND, Ladder.Kind.REPLY, Ladder.Kind.FOLDED, Ladder.Kind.REPLY, Ladder.Kind.COMMAND,
                Ladder.Kind.REPLY, Ladder.Kind.COMMAND, Ladder.Kind.REPLY);
        long authSeq = all.steps().get(1).seq();
        Ladder open = all.shown(java.util.Map.of(authSeq, true));
        assertThat(open.steps()).hasSize(all.steps().size() + 1);
        assertThat(open.steps().get(3).kind()).isEqualTo(Ladder.Kind.UNFOLDED);
        assertThat(open.steps().subList(4, open.steps().size())).isEqualTo(all.steps().subList(3,
                all.steps().size()));
        assertThat(open.toMermaid()).contains("Note over C,S: ▾ 3 SASL steps (2 responses, 1 challenge) below\n"
                + "    C->>S: <redacted>\n");
    }

    private static org.smtpexplorer.engine.SmtpReply reply(String text) {
        return new org.smtpexplorer.engine.ReplyParser().feed((text + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .get(0);
    }
}
