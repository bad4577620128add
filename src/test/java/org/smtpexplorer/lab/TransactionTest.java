package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.DotStuffer;

class TransactionTest {
    @TempDir
    Path dir;
    LabServer lab;
    final List<ReceivedMessage> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("data")).maildir(dir.resolve("mail")).build());
        lab.addListener(new LabListener() {
            @Override
            public void messageReceived(ReceivedMessage message) {
                heard.add(message);
            }
        });
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void pipelinedMailRcptRcptRcptDataGetFiveRepliesInOrderInOneSegment() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.sendRaw(bytes("MAIL FROM:<sender@example.com>\r\nRCPT TO:<a@lab.example>\r\n"
                    + "RCPT TO:<unknown@lab.example>\r\nRCPT TO:<c@example.de>\r\nDATA\r\n"));
            String together = new String(c.readOnce(), StandardCharsets.UTF_8);
            assertThat(together).isEqualTo("250 2.1.0 Sender <sender@example.com> OK\r\n"
                    + "250 2.1.5 Recipient <a@lab.example> OK\r\n"
                    + "550 5.1.1 <unknown@lab.example>: User unknown\r\n"
                    + "250 2.1.5 Recipient <c@example.de> OK\r\n"
                    + "354 End data with <CR><LF>.<CR><LF>\r\n");
            assertThat(c.cmd("Subject: pipelined\r\n\r\nbody\r\n.")).isEqualTo("250 2.0.0 Message accepted as 1\r\n");
        }
        assertThat(lab.messages()).singleElement().satisfies(m -> {
            assertThat(m.envelope().recipients()).extracting(Envelope.Recipient::address)
                    .containsExactly("a@lab.example", "c@example.de");
            assertThat(m.contentAsString()).isEqualTo("Subject: pipelined\r\n\r\nbody\r\n");
        });
    }

    @Test
    void dataIsStoredByteIdenticalAfterUnstuffing() throws IOException {
        byte[] message = bytes("From: alice@lab.example\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n.\r\n..two dots\r\n.leading dot\r\nGrüße aus 例子.中国 ✉\r\n"
                + " .\r\nend without dot\r\n");
        DotStuffer stuffer = new DotStuffer();
        byte[] wire = concat(stuffer.encode(message), stuffer.finish());
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<alice@lab.example> BODY=8BITMIME");
            c.cmd("RCPT TO:<bob@lab.example>");
            assertThat(c.cmd("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
            c.sendRaw(wire);
            assertThat(c.reply()).isEqualTo("250 2.0.0 Message accepted as 1\r\n");
        }
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.content()).isEqualTo(message);
        assertThat(m.transfer()).isEqualTo(Transfer.DATA);
        assertThat(m.envelope().body()).isEqualTo("8BITMIME");
        assertThat(m.chunkSizes()).containsExactly((long) message.length);
        assertThat(heard).containsExactly(m);
    }

    @Test
    void anEmptyMessageAndCommandsPipelinedAfterTheFinalDot() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<>");
            c.cmd("RCPT TO:<postmaster>");
            c.cmd("DATA");
            c.sendRaw(bytes(".\r\nNOOP\r\nQUIT\r\n"));
            assertThat(c.replies(3)).containsExactly("250 2.0.0 Message accepted as 1\r\n", "250 2.0.0 OK\r\n",
                    "221 2.0.0 lab.example closing connection\r\n");
        }
        assertThat(lab.messages().get(0).content()).isEmpty();
        assertThat(lab.messages().get(0).envelope().mailFrom()).isEmpty();
    }

    /** A message in one chunk, as the engine sends one by default: "1 chunk", not "1 chunks". */
    @Test
    void bdatInOneChunkSaysChunk() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<alice@lab.example>");
            c.cmd("RCPT TO:<bob@lab.example>");
            c.sendRaw(concat(bytes("BDAT 9 LAST\r\n"), bytes("Hi.\r\n\r\nx\r\n")));
            assertThat(c.reply()).isEqualTo("250 2.0.0 Message accepted as 1 (9 octets in 1 chunk)\r\n");
        }
    }

    @Test
    void bdatInThreeChunksIsStoredByteIdentical() throws IOException {
        byte[] a = bytes("Subject: chunks\r\n\r\nfirst chunk\r\n.\r\n");
        byte[] b = new byte[] {0, 1, 2, '\n', '.', '\n', (byte) 0xff, (byte) 0xfe, '\r'};
        byte[] last = bytes("\nGrüße, the end\r\n");
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<alice@lab.example> BODY=BINARYMIME");
            c.cmd("RCPT TO:<bob@lab.example>");
            assertThat(c.cmd("DATA")).startsWith("503 5.5.1 BODY=BINARYMIME must be sent with BDAT");
            c.sendRaw(concat(bytes("BDAT " + a.length + "\r\n"), a));
            assertThat(c.reply()).isEqualTo("250 2.0.0 " + a.length + " octets received\r\n");
            // The second and last chunk pipelined in one write.
            c.sendRaw(concat(bytes("BDAT " + b.length + "\r\n"), b, bytes("BDAT " + last.length + " LAST\r\n"), last));
            assertThat(c.replies(2)).containsExactly("250 2.0.0 " + b.length + " octets received\r\n",
                    "250 2.0.0 Message accepted as 1 (" + (a.length + b.length + last.length) + " octets in 3 chunks)\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.content()).isEqualTo(concat(a, b, last));
        assertThat(m.transfer()).isEqualTo(Transfer.BDAT);
        assertThat(m.chunkSizes()).containsExactly((long) a.length, (long) b.length, (long) last.length);
        assertThat(m.envelope().body()).isEqualTo("BINARYMIME");
    }

    @Test
    void bdatOutOfSequenceIsStillReadWholeSoItsBytesAreNeverCommands() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.sendRaw(bytes("BDAT 12\r\nQUIT\r\nQUIT\r\n"));
            assertThat(c.reply()).isEqualTo("503 5.5.1 Need MAIL and RCPT before BDAT; the 12 bytes were discarded\r\n");
            c.cmd("MAIL FROM:<a@example.com>");
            c.sendRaw(bytes("BDAT 6 LAST\r\nRSET\r\n"));
            assertThat(c.reply()).startsWith("554 5.5.1 No valid recipients");
            assertThat(c.cmd("BDAT x")).isEqualTo("501 5.5.4 Syntax: BDAT size [LAST]\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
        assertThat(lab.messages()).isEmpty();
    }

    @Test
    void sizeIsCheckedAtMailAndAfterTheData(@TempDir Path other) throws IOException {
        try (LabServer small = LabServer.start(LabConfig.builder().dataDir(other).sizeLimit(100).build());
             LabClient c = LabClient.ehlo(small)) {
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=101"))
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size (100 octets)\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=100")).startsWith("250");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            c.sendRaw(bytes("x".repeat(99) + "\r\n.\r\n"));
            assertThat(c.reply()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size (100 octets)\r\n");
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.sendRaw(concat(bytes("BDAT 60\r\n"), new byte[60], bytes("BDAT 60 LAST\r\n"), new byte[60]));
            assertThat(c.replies(2)).containsExactly("250 2.0.0 60 octets received\r\n",
                    "552 5.3.4 Message size exceeds fixed maximum message size (100 octets); transaction aborted\r\n");
            assertThat(c.cmd("RCPT TO:<b@lab.example>")).startsWith("503 5.5.1 Need MAIL");
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            assertThat(c.cmd("x".repeat(98) + "\r\n.")).startsWith("250 2.0.0");
            assertThat(small.messages()).singleElement().satisfies(m -> assertThat(m.size()).isEqualTo(100));
        }
    }

    @Test
    void smtpUtf8AddressesNeedTheParameter() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("MAIL FROM:<用户@例子.中国>"))
                    .isEqualTo("553 5.6.7 Non-ASCII sender address needs the SMTPUTF8 parameter\r\n");
            assertThat(c.cmd("MAIL FROM:<sender@xn--fsqu00a.xn--fiqs8s>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<jörg@example.de>"))
                    .isEqualTo("553 5.6.7 Non-ASCII recipient address needs SMTPUTF8 on the MAIL command\r\n");
            c.cmd("RSET");
            assertThat(c.cmd("MAIL FROM:<用户@例子.中国> SMTPUTF8")).isEqualTo("250 2.1.0 Sender <用户@例子.中国> OK\r\n");
            assertThat(c.cmd("RCPT TO:<jörg@example.de>")).isEqualTo("250 2.1.5 Recipient <jörg@example.de> OK\r\n");
            assertThat(c.cmd("RCPT TO:<李@例子.中国>")).startsWith("250 2.1.5");
            assertThat(c.cmd("RCPT TO:<nobody@例子.中国>")).startsWith("550 5.1.1");
            c.cmd("DATA");
            assertThat(c.cmd("Subject: 你好\r\n\r\n.")).startsWith("250 2.0.0");
        }
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.envelope().smtpUtf8()).isTrue();
        assertThat(m.envelope().mailFrom()).isEqualTo("用户@例子.中国");
        assertThat(m.envelope().recipients()).extracting(Envelope.Recipient::address)
                .containsExactly("jörg@example.de", "李@例子.中国");
    }

    @Test
    void dsnParametersAreCheckedDecodedAndStored() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("MAIL FROM:<a@example.com> ENVID=bad+zz")).startsWith("501 5.5.4 ENVID is not valid xtext");
            assertThat(c.cmd("MAIL FROM:<a@example.com> RET=HDRS ENVID=QQ+2B314+3D")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<b@lab.example> NOTIFY=NEVER,SUCCESS")).startsWith("501 5.5.4 NOTIFY");
            assertThat(c.cmd("RCPT TO:<b@lab.example> ORCPT=rfc822")).startsWith("501 5.5.4 ORCPT must be");
            assertThat(c.cmd("RCPT TO:<b@lab.example> NOTIFY=success,FAILURE ORCPT=rfc822;b+2Bx@lab.example"))
                    .startsWith("250");
            assertThat(c.cmd("RCPT TO:<c@lab.example> NOTIFY=NEVER ORCPT=utf-8;j\\x{F6}rg@example.de")).startsWith("250");
            c.cmd("DATA");
            c.cmd(".");
        }
        Envelope e = lab.messages().get(0).envelope();
        assertThat(e.ret()).isEqualTo("HDRS");
        assertThat(e.envid()).isEqualTo("QQ+314=");
        assertThat(e.mailParameters()).containsExactly(Map.entry("RET", "HDRS"), Map.entry("ENVID", "QQ+2B314+3D"));
        assertThat(e.recipients().get(0).notifyOn()).containsExactly("SUCCESS", "FAILURE");
        assertThat(e.recipients().get(0).orcpt()).isEqualTo("rfc822;b+x@lab.example");
        assertThat(e.recipients().get(0).parameters()).containsEntry("NOTIFY", "success,FAILURE");
        assertThat(e.recipients().get(1).notifyOn()).containsExactly("NEVER");
        assertThat(e.recipients().get(1).orcpt()).isEqualTo("utf-8;jörg@example.de");
    }

    @Test
    void mailboxRules() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("MAIL FROM:<a@somewhere.test>")).startsWith("250 2.1.0");
            assertThat(c.cmd("RCPT TO:<Unknown@example.com>")).isEqualTo("550 5.1.1 <Unknown@example.com>: User unknown\r\n");
            assertThat(c.cmd("RCPT TO:<nobody.else@lab.example>")).startsWith("550 5.1.1");
            assertThat(c.cmd("RCPT TO:<\"nobody here\"@lab.example>")).startsWith("550 5.1.1");
            assertThat(c.cmd("RCPT TO:<greylist@lab.example>")).startsWith("451 4.7.1 <greylist@lab.example>: Greylisted");
            assertThat(c.cmd("RCPT TO:<greylist@lab.example>")).startsWith("451 4.7.1");
            assertThat(c.cmd("RCPT TO:<full@lab.example>")).isEqualTo("552 5.2.2 <full@lab.example>: Mailbox full\r\n");
            assertThat(c.cmd("RCPT TO:<someone@gmail.test>")).startsWith("554 5.7.1 <someone@gmail.test>: Relay access denied");
            assertThat(c.cmd("RCPT TO:<Postmaster>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<postmaster@anywhere.test>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<x@LAB.EXAMPLE>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<@relay.test:y@example.com>")).isEqualTo("250 2.1.5 Recipient <y@example.com> OK\r\n");
        }
    }

    @Test
    void rcptMaxIsEnforced() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= 101; i++) {
                batch.append("RCPT TO:<r").append(i).append("@lab.example>\r\n");
            }
            c.sendRaw(bytes(batch.toString()));
            List<String> replies = c.replies(101);
            assertThat(replies.subList(0, 100)).allMatch(r -> r.startsWith("250 2.1.5"));
            assertThat(replies.get(100)).isEqualTo("452 4.5.3 Too many recipients (RCPTMAX=100)\r\n");
        }
    }

    @Test
    void mailMaxEndsTheSessionAfter1000Transactions() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.sendRaw(bytes("MAIL FROM:<a@example.com>\r\nRSET\r\n".repeat(1000)));
            List<String> replies = c.replies(2000);
            assertThat(replies).filteredOn(r -> r.startsWith("250 2.1.0")).hasSize(1000);
            assertThat(c.cmd("MAIL FROM:<a@example.com>"))
                    .isEqualTo("421 4.7.0 Too many transactions in one session (MAILMAX=1000); closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void requireTlsOnlyInsideTls() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("MAIL FROM:<a@example.com> REQUIRETLS"))
                    .isEqualTo("530 5.7.10 REQUIRETLS needs a TLS session; send STARTTLS first\r\n");
            c.startTls(lab);
            c.cmd("EHLO client.example");
            assertThat(c.cmd("MAIL FROM:<a@example.com> REQUIRETLS")).startsWith("250");
            c.cmd("RCPT TO:<b@lab.example>");
            c.sendRaw(bytes("BDAT 2 LAST\r\nhi"));
            assertThat(c.reply()).startsWith("250 2.0.0 Message accepted as 1");
        }
        assertThat(lab.messages().get(0).envelope().requireTls()).isTrue();
    }

    @Test
    void maildirGetsEmlAndJsonAndNumberingContinuesAfterARestart() throws IOException {
        sendSimple(lab, "one");
        Path mail = dir.resolve("mail");
        assertThat(Files.readAllBytes(mail.resolve("1.eml"))).isEqualTo(bytes("one\r\n"));
        JsonNode json = new ObjectMapper().readTree(mail.resolve("1.json").toFile());
        assertThat(json.get("number").asInt()).isEqualTo(1);
        assertThat(json.get("transfer").asText()).isEqualTo("DATA");
        assertThat(json.get("size").asInt()).isEqualTo(5);
        assertThat(json.has("content")).isFalse();
        assertThat(json.at("/envelope/mailFrom").asText()).isEqualTo("a@example.com");
        assertThat(json.at("/envelope/recipients/0/address").asText()).isEqualTo("b@lab.example");
        assertThat(json.at("/session/helo").asText()).isEqualTo("client.example");
        assertThat(json.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        lab.close();
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("data")).maildir(mail).build());
        sendSimple(lab, "two");
        assertThat(lab.messages()).extracting(ReceivedMessage::number).containsExactly(2);
        assertThat(Files.readString(mail.resolve("2.eml"))).isEqualTo("two\r\n");
    }

    private static void sendSimple(LabServer server, String body) throws IOException {
        try (LabClient c = LabClient.ehlo(server)) {
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            assertThat(c.cmd(body + "\r\n.")).startsWith("250 2.0.0");
        }
    }
}
