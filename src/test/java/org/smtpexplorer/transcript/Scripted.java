package org.smtpexplorer.transcript;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Transcripts written as scripts, for tests of what is computed from them. One event a line: {@code connect HOST:PORT};
 * {@code C: LINE} a command in a flight of its own, {@code C| LINE} one in the same flight as the line before, a
 * {@code |} inside a command marking where its secret starts (a line starting with it is an AUTH response);
 * {@code S: ...} reply lines (consecutive ones form one reply, until a line with a space after the code);
 * {@code P: VERB BYTES} a payload; {@code T: PROTOCOL CIPHER} TLS; {@code N: TEXT} a note; {@code !: TEXT} a failure.
 */
final class Scripted {
    private Scripted() {
    }

    static List<TranscriptEntry> session(String script) {
        List<TranscriptEntry> out = new ArrayList<>();
        int flight = 0;
        StringBuilder reply = new StringBuilder();
        for (String line : script.strip().lines().map(String::strip).toList()) {
            long seq = out.size();
            Instant t = Instant.EPOCH.plusMillis(seq);
            if (line.startsWith("S: ")) {
                String text = line.substring(3);
                reply.append(reply.isEmpty() ? "" : "\n").append(text);
                if (text.length() < 4 || text.charAt(3) == ' ') {
                    String all = reply.toString();
                    reply.setLength(0);
                    String first = all.split("\n")[0];
                    int code = Integer.parseInt(first.substring(0, 3));
                    String rest = first.length() > 4 ? first.substring(4) : "";
                    String enhanced = rest.matches("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}( .*)?") ? rest.split(" ")[0] : null;
                    byte[] raw = (all.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8);
                    out.add(new TranscriptEntry.Reply(seq, t, all, raw, flight, null, code, enhanced, 1000L,
                            false));
                }
            } else if (line.startsWith("C: ") || line.startsWith("C| ")) {
                if (line.startsWith("C: ")) {
                    flight++;
                }
                String marked = line.substring(3);
                int secret = marked.indexOf('|');
                String text = marked.replace("|", "");
                String verb = secret == 0 ? "AUTH_RESPONSE" : text.split(" ")[0].toUpperCase(Locale.ROOT);
                out.add(new TranscriptEntry.Command(seq, t, text, (text + "\r\n").getBytes(StandardCharsets.UTF_8),
                        secret, flight, verb));
            } else if (line.startsWith("connect ")) {
                String[] hp = line.substring(8).split(":");
                out.add(new TranscriptEntry.Connect(seq, t, "Connecting to " + hp[0], hp[0], hp[0],
                        Integer.parseInt(hp[1]), null));
                flight++;
            } else if (line.startsWith("P: ")) {
                String[] w = line.substring(3).split(" ");
                long bytes = Long.parseLong(w[1]);
                out.add(new TranscriptEntry.Payload(seq, t, w[0] + " payload: " + bytes + " bytes", new byte[0],
                        bytes, w[0]));
            } else if (line.startsWith("T: ")) {
                String[] w = line.substring(3).split(" ");
                out.add(new TranscriptEntry.TlsUp(seq, t, "TLS established: " + w[0] + " " + w[1], w[0], w[1],
                        true, "trusted", false, null, null, null, 1));
            } else if (line.startsWith("N: ")) {
                out.add(new TranscriptEntry.Note(seq, t, line.substring(3), null));
            } else if (line.startsWith("!: ")) {
                out.add(new TranscriptEntry.Failure(seq, t, line.substring(3), null, null, "REJECTED", null));
            } else {
                throw new IllegalArgumentException("not a script line: " + line);
            }
        }
        return out;
    }
}
