package org.smtpexplorer.transcript;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;

/**
 * The append-only record of one or more sessions. Thread-safe: the I/O side appends, views read snapshots or
 * listen, or read by index without a lock ({@link #size()}, {@link #get(int)}), as the window does once per frame
 * even while a flood of appends holds the lock. Listeners run on the appending thread and must only enqueue.
 *
 * <p>Events are kept in fixed chunks, not one growing array: a million events never make the collector copy one
 * array of a million references, and a reader sees every event below the published size without locking.
 */
public final class Transcript {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Chunks of {@link #CHUNK} events; replaced (never changed in place below {@link #size}) as it grows. */
    private volatile TranscriptEntry[][] chunks = new TranscriptEntry[16][];
    /** Events readable without the lock: written after the event, read before it. */
    private volatile int size;
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

    public List<TranscriptEntry> entries() {
        return since(0);
    }

    /** How many events there are; every index below it can be read with {@link #get(int)}. */
    public int size() {
        return size;
    }

    /** The event at {@code index} (its seq), without locking. */
    public TranscriptEntry get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("event " + index + " of " + size);
        }
        return chunks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    /** Entries from index {@code from} on. */
    public List<TranscriptEntry> since(int from) {
        int n = size;
        List<TranscriptEntry> out = new ArrayList<>(Math.max(0, n - from));
        for (int i = Math.max(0, from); i < n; i++) {
            out.add(get(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** Stores the next event; under the lock, the only writer. */
    private void add(TranscriptEntry e) {
        int i = size;
        TranscriptEntry[][] dir = chunks;
        int c = i >>> CHUNK_BITS;
        if (c == dir.length) {
            dir = Arrays.copyOf(dir, dir.length * 2);
        }
        if (dir[c] == null) {
            dir[c] = new TranscriptEntry[CHUNK];
        }
        dir[c][i & (CHUNK - 1)] = e;
        chunks = dir;
        size = i + 1;
    }

    /** Appends the event {@code event} builds at the next position, now. */
    public <E extends TranscriptEntry> E append(EventAt<E> event) {
        E e;
        synchronized (this) {
            e = event.at(size, Instant.now(clock));
            add(e);
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
            copy = e.at(size);
            add(copy);
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
