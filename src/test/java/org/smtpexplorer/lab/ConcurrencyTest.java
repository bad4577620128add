package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentSessionsEachDeliverAMessage() throws Exception {
        int sessions = 50;
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).maildir(dir.resolve("mail")).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            CountDownLatch allGreeted = new CountDownLatch(sessions);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                Callable<String> session = () -> {
                    try (LabClient c = LabClient.ehlo(lab)) {
                        allGreeted.countDown();
                        // Every session is open at the same time before any of them sends mail.
                        allGreeted.await(10, TimeUnit.SECONDS);
                        if (n % 2 == 0) {
                            c.startTls(lab);
                            c.cmd("EHLO client" + n + ".example");
                        }
                        c.cmd("MAIL FROM:<sender" + n + "@example.com>");
                        c.cmd("RCPT TO:<rcpt" + n + "@lab.example>");
                        c.cmd("DATA");
                        String reply = c.cmd("Subject: " + n + "\r\n\r\nmessage " + n + "\r\n.");
                        c.cmd("QUIT");
                        return reply;
                    }
                };
                results.add(pool.submit(session));
            }
            for (Future<String> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).startsWith("250 2.0.0 Message accepted as ");
            }
            pool.shutdown();
            assertThat(lab.messages()).hasSize(sessions);
            assertThat(lab.messages()).extracting(ReceivedMessage::number).doesNotHaveDuplicates();
            for (ReceivedMessage m : lab.messages()) {
                String n = m.envelope().mailFrom().replaceAll("\\D", "");
                assertThat(m.contentAsString()).isEqualTo("Subject: " + n + "\r\n\r\nmessage " + n + "\r\n");
                assertThat(m.envelope().recipients().get(0).address()).isEqualTo("rcpt" + n + "@lab.example");
                assertThat(m.session().tls()).isEqualTo(Integer.parseInt(n) % 2 == 0);
            }
            assertThat(dir.resolve("mail").toFile().list()).hasSize(2 * sessions);
            assertThat(lab.serverLog().sessions()).hasSize(sessions);
        }
    }

    @Test
    void connectionsBeyondTheSessionLimitGet421() throws IOException {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).maxSessions(2).build());
             LabClient one = LabClient.greeted(lab); LabClient two = LabClient.greeted(lab);
             LabClient three = LabClient.connect(lab)) {
            assertThat(three.reply()).isEqualTo("421 4.3.2 lab.example Too many sessions (2), try again later\r\n");
            assertThat(three.closedByServer()).isTrue();
            assertThat(one.cmd("NOOP")).startsWith("250");
            assertThat(two.cmd("NOOP")).startsWith("250");
        }
    }
}
