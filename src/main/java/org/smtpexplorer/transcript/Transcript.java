package org.smtpexplorer.transcript;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;

/**
 * The append-only record of one or more sessions. Thread-safe: the I/O side appends, views read snapshots or
 * listen. Listeners run on the appending thread and must only enqueue.
 */
public final class Transcript {
    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final List<Consumer<TranscriptEntry>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public Transcript() {
        this(Clock.systemUTC());
    }

    public Transcript(Clock clock) {
        this.clock = clock;
    }

    public void addListener(Consumer<TranscriptEntry> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<TranscriptEntry> listener) {
        listeners.remove(listener);
    }

    public synchronized List<TranscriptEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Entries from index {@code from} on. */
    public synchronized List<TranscriptEntry> since(int from) {
        return List.copyOf(entries.subList(Math.min(from, entries.size()), entries.size()));
    }

    public TranscriptEntry append(EntryKind kind, String text, byte[] raw, Integer secretFrom, Integer flight,
                                  String verb, Integer code, String enhanced, Long latencyMicros, Long bytes,
                                  Map<String, String> details) {
        TranscriptEntry e;
        synchronized (this) {
            e = new TranscriptEntry(entries.size(), Instant.now(clock), kind, text, raw, secretFrom, flight, verb,
                    code, enhanced, latencyMicros, bytes, details);
            entries.add(e);
        }
        for (Consumer<TranscriptEntry> l : listeners) {
            l.accept(e);
        }
        return e;
    }

    /** Adds an entry read from an export, keeping its time. */
    public synchronized void appendImported(TranscriptEntry e) {
        TranscriptEntry copy = new TranscriptEntry(entries.size(), e.time(), e.kind(), e.text(), e.raw(),
                e.secretFrom(), e.flight(), e.verb(), e.code(), e.enhanced(), e.latencyMicros(), e.bytes(),
                e.details());
        entries.add(copy);
        for (Consumer<TranscriptEntry> l : listeners) {
            l.accept(copy);
        }
    }

    public void client(SmtpCommand command, int flight) {
        append(EntryKind.CLIENT, command.line(), command.toBytes(), command.secretFrom(), flight,
                command.verb().name(), null, null, null, null, null);
    }

    public void server(SmtpReply reply, String answering, int flight, Long latencyMicros) {
        String text = String.join("\n", reply.rawLines().stream()
                .map(b -> org.smtpexplorer.engine.ReplyParser.decode(b, 0, b.length).replaceAll("\r?\n$", ""))
                .toList());
        append(EntryKind.SERVER, text, reply.raw(), null, flight, answering, reply.code(),
                reply.enhanced() == null ? null : reply.enhanced().toString(), latencyMicros, null,
                reply.bareLf() ? Map.of("framing", "bare LF line ends") : null);
    }

    public void payload(String description, byte[] preview, long bytes, String verb) {
        append(EntryKind.PAYLOAD, description, preview, null, null, verb, null, null, null, bytes, null);
    }

    public void note(String text) {
        append(EntryKind.NOTE, text, null, null, null, null, null, null, null, null, null);
    }

    public void note(String text, Map<String, String> details) {
        append(EntryKind.NOTE, text, null, null, null, null, null, null, null, null, details);
    }

    public void error(String text, String failureClass) {
        error(text, failureClass, null);
    }

    /** A failure with the bytes that caused it (e.g. a reply that could not be parsed), exactly as received. */
    public void error(String text, String failureClass, byte[] cause) {
        append(EntryKind.ERROR, text, cause == null ? null : cause.clone(), null, null, null, null, null, null,
                cause == null ? null : (long) cause.length, Map.of("failureClass", failureClass));
    }
}
