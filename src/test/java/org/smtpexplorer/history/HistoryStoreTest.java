package org.smtpexplorer.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

public class HistoryStoreTest {
    private static final String PASSWORD = "Tr0ub4dor&3-history-secret";

    @TempDir
    Path dir;

    /**
     * A session to server {@code host}: connect, MAIL, RCPT and the end of data answered with {@code finalCode}
     * (HistoryViewModelTest and HistoryWriterMain use it too).
     */
    public static SavedSession session(String host, String to, int rcptCode, int finalCode) {
        Transcript t = new Transcript();
        t.connect(host, "192.0.2.7", 25);
        t.server(SmtpReply.of(220, host + " ESMTP"), "CONNECT", 1, 5L);
        t.client(SmtpCommand.mail("alice@lab.example"), 2);
        t.server(SmtpReply.of(250, "2.1.0 ok"), "MAIL", 2, 5L);
        t.client(SmtpCommand.rcpt(to), 3);
        t.server(SmtpReply.of(rcptCode, rcptCode == 250 ? "2.1.5 ok" : "5.1.1 User unknown"), "RCPT", 3, 5L);
        if (rcptCode == 250) {
            t.client(SmtpCommand.data(), 4);
            t.server(SmtpReply.of(354, "go"), "DATA", 4, 5L);
            t.payload("message body: 20 bytes", new byte[20], 20, "DATA");
            t.server(SmtpReply.of(finalCode, finalCode == 250 ? "2.0.0 queued as 42" : "5.7.1 spam"),
                    "END_OF_DATA", 4, 5L);
        } else {
            t.error("the server accepted none of the recipients: " + rcptCode + " 5.1.1 User unknown", "REJECTED");
        }
        SavedRequest r = new SavedRequest(host, 25, "none", List.of(), false, "any", "client", null, null, false,
                "alice@lab.example", List.of(to), "auto", 0, true, "auto", "auto", "normalise", null, null, null,
                false, null, 60);
        byte[] message = "Subject: hi\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);
        return SavedSession.of(t.entries(), r, message, message.length, SavedSession.sha256(message));
    }

    @Test
    void recordsListsNewestFirstAndReadsBack() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        HistoryEntry a = store.record(session("mx.one.example", "bob@one.example", 250, 250), "send");
        HistoryEntry b = store.record(session("mx.two.example", "nobody@two.example", 550, 0), "window");
        HistoryEntry c = store.record(session("mx.three.example", "carol@three.example", 250, 554), "replay");
        assertThat(List.of(a.number(), b.number(), c.number())).containsExactly(1, 2, 3);

        HistoryStore.Listing listing = store.list();
        assertThat(listing.notes()).isEmpty();
        assertThat(listing.entries()).extracting(HistoryEntry::number).containsExactly(3, 2, 1);
        assertThat(a.server()).isEqualTo("mx.one.example:25");
        assertThat(a.outcome()).isEqualTo(new Outcome(Outcome.Kind.DELIVERED, "250 2.0.0 queued as 42"));
        assertThat(b.outcome().kind()).isEqualTo(Outcome.Kind.REFUSED);
        assertThat(b.outcome().text()).isEqualTo("550 5.1.1 User unknown");
        assertThat(c.outcome()).isEqualTo(new Outcome(Outcome.Kind.REFUSED, "554 5.7.1 spam"));
        assertThat(a.size()).isEqualTo(20);
        assertThat(a.to()).containsExactly("bob@one.example");
        assertThat(listing.find(2)).contains(b);

        SavedSession back = store.load(listing.find(1).orElseThrow());
        assertThat(back.request().host()).isEqualTo("mx.one.example");
        assertThat(back.message()).isEqualTo("Subject: hi\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(back.entries()).hasSize(session("x.example", "y@x.test", 250, 250).entries().size());
    }

    @Test
    void searchLooksAtServerAddressesAndReplyText() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        store.record(session("mx.one.example", "bob@one.example", 250, 250), "send");
        store.record(session("mx.two.example", "nobody@two.example", 550, 0), "send");
        HistoryStore.Listing l = store.list();
        assertThat(l.search("TWO.example")).extracting(HistoryEntry::number).containsExactly(2);
        assertThat(l.search("bob@")).extracting(HistoryEntry::number).containsExactly(1);
        assertThat(l.search("user unknown")).extracting(HistoryEntry::number).containsExactly(2);
        assertThat(l.search("queued as 42")).extracting(HistoryEntry::number).containsExactly(1);
        assertThat(l.search("alice@lab")).hasSize(2);
        assertThat(l.search("refused")).extracting(HistoryEntry::number).containsExactly(2);
        assertThat(l.search("  ")).hasSize(2);
        assertThat(l.search("nowhere")).isEmpty();
    }

    @Test
    void keepsTheLastSessionsAndDeletesTheFilesOfTheOldest() throws IOException {
        HistoryStore store = new HistoryStore(dir, 5);
        for (int i = 1; i <= 8; i++) {
            store.record(session("mx" + i + ".example", "b@x.test", 250, 250), "send");
        }
        HistoryStore.Listing l = store.list();
        assertThat(l.entries()).extracting(HistoryEntry::number).containsExactly(8, 7, 6, 5, 4);
        assertThat(l.notes()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("session-")))
                    .containsExactlyInAnyOrder("session-4.json", "session-5.json", "session-6.json",
                            "session-7.json", "session-8.json");
        }
        // Numbers go on after a prune and after a clear: @3 never names another session than it did.
        assertThat(store.clear()).isEqualTo(5);
        assertThat(store.list().entries()).isEmpty();
        assertThat(store.record(session("mx.example", "b@x.test", 250, 250), "send").number()).isEqualTo(9);
    }

    @Test
    void theDefaultLimitIsFiveHundred() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        SavedSession s = session("mx.example", "b@x.test", 250, 250);
        for (int i = 0; i < HistoryStore.LIMIT + 3; i++) {
            store.record(s, "send");
        }
        long start = System.nanoTime();
        HistoryStore.Listing l = store.list();
        Duration listing = Duration.ofNanos(System.nanoTime() - start);
        assertThat(l.entries()).hasSize(500);
        assertThat(l.entries().get(0).number()).isEqualTo(503);
        assertThat(l.entries().get(499).number()).isEqualTo(4);
        // One small file, not 500 transcripts: generous for a shared 2-core machine.
        assertThat(listing).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void corruptLinesForeignFilesAndMissingSessionsAreSkippedWithANote() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        store.record(session("mx1.example", "b@x.test", 250, 250), "send");
        store.record(session("mx2.example", "b@x.test", 250, 250), "send");
        store.record(session("mx3.example", "b@x.test", 250, 250), "send");
        Path index = dir.resolve(HistoryStore.INDEX);
        List<String> lines = new ArrayList<>(Files.readAllLines(index));
        lines.add("this is not an entry");
        lines.add("9\tyesterday\tsend\th\tDELIVERED\tok\t1\ta\tb\tsession-9.json");
        lines.add("10\t2026-01-01T00:00:00Z\tsend\th\tDELIVERED\tok\t1\ta\tb\t../../etc/passwd.json");
        Files.write(index, lines);
        Files.delete(dir.resolve("session-2.json"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("session-1.json"), "{ not json");

        HistoryStore.Listing l = store.list();
        assertThat(l.entries()).extracting(HistoryEntry::number).containsExactly(3, 1);
        assertThat(l.notes()).anyMatch(n -> n.contains("line 5 does not read (expected 10 fields, found 1)"))
                .anyMatch(n -> n.contains("line 6 does not read") && n.contains("yesterday"))
                .anyMatch(n -> n.contains("line 7 does not read") && n.contains("../../etc/passwd.json"))
                .anyMatch(n -> n.equals("session #2: its file session-2.json is missing; skipped"))
                .anyMatch(n -> n.startsWith("notes.txt is not in the history's index"));
        HistoryEntry broken = l.find(1).orElseThrow();
        assertThatThrownBy(() -> store.load(broken)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("session #1 (session-1.json) cannot be read: not an SMTP Explorer transcript");
        // Recording goes on past the damage, after the highest number any line claims (so no number is used
        // twice), and drops the line that has none.
        assertThat(store.record(session("mx4.example", "b@x.test", 250, 250), "send").number()).isEqualTo(11);
        assertThat(Files.readString(index)).doesNotContain("not an entry");
        // Pruning deletes only files the history names itself: never "../../etc/passwd.json".
        // (A path that leads back into this test's folder, so that the test touches nothing outside it.)
        Path outside = Files.writeString(dir.resolve("probe.json"), "keep");
        Files.writeString(index, Files.readString(index).replace("../../etc/passwd.json", "../" + dir.getFileName()
                + "/probe.json"));
        HistoryStore small = new HistoryStore(dir, 1);
        small.record(session("mx5.example", "b@x.test", 250, 250), "send");
        assertThat(outside).hasContent("keep");
        assertThat(small.list().entries()).extracting(HistoryEntry::number).containsExactly(12);
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void anIndexThatIsNotTextStartsAgainWithANote() throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(HistoryStore.INDEX), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        HistoryStore store = new HistoryStore(dir);
        assertThat(store.list().notes()).anyMatch(n -> n.contains("is not UTF-8 text"));
        assertThat(store.record(session("mx.example", "b@x.test", 250, 250), "send").number()).isEqualTo(1);
    }

    /**
     * One line that is not UTF-8 costs the history that line only: listing skips it with a note and reads the
     * others; recording passes every other line on byte for byte (a UTF-8 address among them), in order.
     */
    @Test
    void aLineThatIsNotUtf8CostsOnlyThatLine() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        store.record(session("mx1.example", "b@x.test", 250, 250), "send");
        store.record(session("mx2.example", "用户@例子.中国", 250, 250), "send");
        Path index = dir.resolve(HistoryStore.INDEX);
        byte[] before = Files.readAllBytes(index);
        byte[] bad = "7\t2026-01-01T00:00:00Z\tsend\th\tDELIVERED\tok\t1\ta\tb\tsession-7.json\n"
                .replace("ok", "o\u00ffk").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(index, java.nio.ByteBuffer.allocate(before.length + bad.length).put(before).put(bad).array());

        HistoryStore.Listing l = store.list();
        assertThat(l.entries()).extracting(HistoryEntry::number).containsExactly(2, 1);
        assertThat(l.entries().get(0).to()).containsExactly("用户@例子.中国");
        assertThat(l.notes()).anyMatch(n -> n.equals(HistoryStore.INDEX + " line 4 is not UTF-8 text; skipped"));

        assertThat(store.record(session("mx3.example", "c@x.test", 250, 250), "send").number()).isEqualTo(8);
        String after = Files.readString(index, StandardCharsets.ISO_8859_1);
        String kept = new String(before, StandardCharsets.ISO_8859_1);
        assertThat(after).contains(kept.substring(kept.indexOf('\n') + 1)).contains(new String(bad,
                StandardCharsets.ISO_8859_1));
        assertThat(store.list().entries()).extracting(HistoryEntry::number).containsExactly(8, 2, 1);
    }

    /** Threads of this JVM and three other processes record at once: no number twice, no session lost. */
    @Test
    void concurrentWritersInThisAndOtherProcessesLoseNothing() throws Exception {
        int perWriter = 12;
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HistoryWriterMain.class.getName(), dir.toString(),
                    String.valueOf(perWriter), "proc" + p).redirectErrorStream(true).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String name = "thread" + t;
            threads.add(pool.submit(() -> {
                HistoryStore store = new HistoryStore(dir);
                for (int i = 0; i < perWriter; i++) {
                    store.record(session(name + "-" + i + ".example", "b@x.test", 250, 250), "send");
                }
                return null;
            }));
        }
        for (Future<?> f : threads) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        }
        HistoryStore.Listing l = new HistoryStore(dir).list();
        assertThat(l.notes()).isEmpty();
        assertThat(l.entries()).hasSize(6 * perWriter);
        Set<String> servers = new HashSet<>();
        l.entries().forEach(e -> servers.add(e.server()));
        assertThat(servers).hasSize(6 * perWriter);
        assertThat(l.entries()).extracting(HistoryEntry::number).doesNotHaveDuplicates();
        for (HistoryEntry e : l.entries()) {
            assertThat(new HistoryStore(dir).load(e).entries()).isNotEmpty();
        }
    }

    /** The stored bytes hold no secret: AUTH PLAIN, LOGIN, SCRAM and XOAUTH2 responses, in clear or base64. */
    @Test
    void noSecretIsStored() throws Exception {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 587);
        Credentials c = new Credentials("alice", PASSWORD.toCharArray());
        int flight = 1;
        for (String mech : List.of("PLAIN", "XOAUTH2")) {
            t.client(AuthExchange.create(Mechanisms.create(mech, c, "mx.example", 587), true, false).start(),
                    flight++);
            t.server(SmtpReply.of(535, "5.7.8 no"), "AUTH", flight - 1, 5L);
        }
        AuthExchange login = AuthExchange.create(Mechanisms.create("LOGIN", c, "mx.example", 587), true, false);
        t.client(login.start(), flight++);
        t.client(login.onReply(SmtpReply.of(334, "VXNlcm5hbWU6")), flight++);
        t.client(login.onReply(SmtpReply.of(334, "UGFzc3dvcmQ6")), flight++);
        AuthExchange scram = AuthExchange.create(Mechanisms.create("SCRAM-SHA-256", c, "mx.example", 587), true,
                false);
        SmtpCommand first = scram.start();
        t.client(first, flight++);
        String clientFirst = new String(Base64.getDecoder().decode(first.line().replaceAll(".* ", "").strip()),
                StandardCharsets.UTF_8);
        String nonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
        String serverFirst = "r=" + nonce + "srv,s=" + Base64.getEncoder().encodeToString("salt".getBytes(
                StandardCharsets.US_ASCII)) + ",i=4096";
        t.client(scram.onReply(SmtpReply.of(334, Base64.getEncoder().encodeToString(serverFirst.getBytes(
                StandardCharsets.US_ASCII)))), flight++);
        t.client(SmtpCommand.raw("AUTH PLAIN " + b64("\0alice\0" + PASSWORD)), flight);
        assertThat(t.entries().stream().filter(e -> e instanceof TranscriptEntry.Command cmd && cmd.hasSecret()))
                .as("the secrets are there to be redacted").hasSizeGreaterThanOrEqualTo(5);

        SavedRequest request = new SavedRequest("mx.example", 587, "starttls", List.of(), false, "any", "c", "PLAIN",
                "alice", false, "a@x.test", List.of("b@x.test"), "auto", 0, true, "auto", "auto", "normalise", null,
                null, null, false, null, 60);
        HistoryStore store = new HistoryStore(dir);
        store.record(new SavedSession(t.entries(), request, null, null, null), "send");
        for (Path p : Files.list(dir).toList()) {
            String stored = Files.readString(p, StandardCharsets.ISO_8859_1);
            assertThat(stored).as(p.toString()).doesNotContain(PASSWORD).doesNotContain(b64(PASSWORD))
                    .doesNotContain(b64("\0alice\0" + PASSWORD).substring(0, 20));
            for (int i = 0; i < 3; i++) {
                String shifted = b64("xyz".substring(0, i) + PASSWORD);
                assertThat(stored).doesNotContain(shifted.substring(4 * ((i + 2) / 3) + 4, shifted.length() - 4));
            }
        }
        assertThat(Files.readString(dir.resolve("session-1.json"))).contains("<redacted>");
    }

    @Test
    void historyReferences() {
        assertThat(HistoryStore.reference("@3")).isEqualTo(3);
        assertThat(HistoryStore.reference("history:12")).isEqualTo(12);
        assertThat(HistoryStore.reference("@0")).isEqualTo(-1);
        assertThat(HistoryStore.reference("@x")).isEqualTo(-1);
        assertThat(HistoryStore.reference("3")).isEqualTo(-1);
        assertThat(HistoryStore.reference("s.json")).isEqualTo(-1);
        assertThat(HistoryStore.reference("@99999999999")).isEqualTo(-1);
    }

    @Test
    void theEnvironmentAndTheSettingTurnItOff() throws IOException {
        HistoryStore store = new HistoryStore(dir);
        assertThat(store.enabled(Map.of())).isTrue();
        assertThat(store.enabled(Map.of(HistoryStore.ENV, "off"))).isFalse();
        assertThat(store.enabled(Map.of(HistoryStore.ENV, "0"))).isFalse();
        assertThat(store.enabled(Map.of(HistoryStore.ENV, "on"))).isTrue();
        store.setEnabled(false);
        assertThat(store.enabled(Map.of())).isFalse();
        assertThat(new HistoryStore(dir).enabledSetting()).isFalse();
        store.setEnabled(true);
        assertThat(store.enabled(Map.of())).isTrue();
        Files.write(dir.resolve(HistoryStore.SETTINGS), new byte[] {'\\', 'u', 'z'});
        assertThat(store.enabled(Map.of())).as("a damaged setting leaves it on").isTrue();
        assertThat(store.list().notes()).isEmpty();
    }

    @Test
    void outcomes() {
        assertThat(Outcome.of(List.of()).kind()).isEqualTo(Outcome.Kind.ENDED);
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 25);
        t.error("could not connect: Connection refused", "CONNECT");
        assertThat(Outcome.of(t.entries())).isEqualTo(new Outcome(Outcome.Kind.FAILED,
                "could not connect: Connection refused"));
        assertThat(Instant.now()).isNotNull();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
