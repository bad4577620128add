package org.smtpexplorer.ui.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

class CompareWithSavedTest {
    @TempDir
    Path dir;

    private static List<TranscriptEntry> session(int rcptCode, String rcptText) {
        Instant t = Instant.EPOCH;
        List<TranscriptEntry> e = new ArrayList<>();
        e.add(new TranscriptEntry.Connect(0, t, "Connecting", "mx.example", "192.0.2.1", 25, null));
        e.add(new TranscriptEntry.Reply(1, t, "220 mx.example", new byte[0], 1, "CONNECT", 220, null, 1L, false));
        e.add(new TranscriptEntry.Command(2, t, "MAIL FROM:<a@example.com>", new byte[0], -1, 2, "MAIL"));
        e.add(new TranscriptEntry.Reply(3, t, "250 2.1.0 OK", new byte[0], 2, "MAIL", 250, "2.1.0", 1L, false));
        e.add(new TranscriptEntry.Command(4, t, "RCPT TO:<b@example.org>", new byte[0], -1, 3, "RCPT"));
        e.add(new TranscriptEntry.Reply(5, t, rcptCode + " " + rcptText, new byte[0], 3, "RCPT", rcptCode, null, 1L,
                false));
        return e;
    }

    @Test
    void theWindowsSessionIsThePlusSideOfTheComparison() throws IOException {
        Path saved = Files.writeString(dir.resolve("old.json"), TranscriptExport.toJson(session(250, "OK"), false));
        String text = CompareWithSaved.text(saved, session(550, "No such user"));
        assertThat(text).startsWith("--- saved   old.json\n+++ this window's session\n")
                .contains("@ RCPT (step 3)\n  C: RCPT TO:<b@example.org>\n- S: 250 OK\n+ S: 550 No such user\n")
                .endsWith("* 1 of 3 steps differ; the outcome is alike\n");
    }
}
