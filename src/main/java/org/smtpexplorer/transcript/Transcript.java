package org.smtpexplorer.transcript;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.smtpexplorer.engine.ReplyParser;
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

    /** Builds an event once its position and time are known. */
    @FunctionalInterface
    public interface EventAt<E extends TranscriptEntry> {
        E at(long seq, Instant time);
    }

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

    /** Appends the event {@code event} builds at the next position, now. */
    public <E extends TranscriptEntry> E append(EventAt<E> event) {
        E e;
        synchronized (this) {
            e = event.at(entries.size(), Instant.now(clock));
            entries.add(e);
        }
        for (Consumer<TranscriptEntry> l : listeners) {
            l.accept(e);
        }
        return e;
    }

    /** Adds an event read from an export, keeping its time. */
    public void appendImported(TranscriptEntry e) {
        TranscriptEntry copy;
        synchronized (this) {
            copy = e.at(entries.size());
            entries.add(copy);
        }
        for (Consumer<TranscriptEntry> l : listeners) {
            l.accept(copy);
        }
    }

    public TranscriptEntry.Connect connect(String host, String address, int port) {
        return connect(host, address, port, null);
    }

    /** A connection attempt, after a name lookup of {@code lookupMicros} (null when none was timed). */
    public TranscriptEntry.Connect connect(String host, String address, int port, Long lookupMicros) {
        return append((seq, time) -> new TranscriptEntry.Connect(seq, time,
                "Connecting to " + host + " [" + address + "]:" + port, host, address, port, lookupMicros));
    }

    public TranscriptEntry.Command client(SmtpCommand command, int flight) {
        return append((seq, time) -> new TranscriptEntry.Command(seq, time, command.line(), command.toBytes(),
                command.secretFrom(), flight, command.verb().name()));
    }

    public TranscriptEntry.Reply server(SmtpReply reply, String answering, int flight, Long latencyMicros) {
        StringBuilder text = new StringBuilder();
        for (byte[] line : reply.rawLines()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(withoutLineEnd(ReplyParser.decode(line, 0, line.length)));
        }
        return append((seq, time) -> new TranscriptEntry.Reply(seq, time, text.toString(), reply.raw(), flight,
                answering, reply.code(), reply.enhanced() == null ? null : reply.enhanced().toString(),
                latencyMicros, reply.bareLf()));
    }

    private static String withoutLineEnd(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return line.substring(0, end);
    }

    public TranscriptEntry.Payload payload(String description, byte[] preview, long bytes, String verb) {
        return append((seq, time) -> new TranscriptEntry.Payload(seq, time, description, preview, bytes, verb));
    }

    public TranscriptEntry.Note note(String text) {
        return note(text, null);
    }

    public TranscriptEntry.Note note(String text, Map<String, String> details) {
        return append((seq, time) -> new TranscriptEntry.Note(seq, time, text, details));
    }

    public TranscriptEntry.Failure error(String text, String failureClass) {
        return error(text, failureClass, null);
    }

    /** A failure with the bytes that caused it (e.g. a reply that could not be parsed), exactly as received. */
    public TranscriptEntry.Failure error(String text, String failureClass, byte[] cause) {
        return append((seq, time) -> new TranscriptEntry.Failure(seq, time, text,
                cause == null ? null : cause.clone(), cause == null ? null : (long) cause.length, failureClass,
                null));
    }
}
