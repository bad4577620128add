package org.smtpexplorer.transport;

/**
 * What a person decided at a breakpoint, before a command went out (see {@link Breakpoints}): send it as the
 * session proposed it, send a line they edited instead, skip it (nothing is sent, and the session goes on from the
 * state it is really in), or abort the session (it ends with QUIT where QUIT is allowed).
 */
public sealed interface BeforeSend {
    /** Send the proposed command as it is. */
    BeforeSend SEND = new Send();
    /** Send nothing; go on with what follows. */
    BeforeSend SKIP = new Skip();
    /** End the session here, cleanly. */
    BeforeSend ABORT = new Abort();

    /** Send {@code line} instead of the proposed command: as the command line sends a typed one. */
    static BeforeSend edited(String line) {
        return new SendEdited(line);
    }

    record Send() implements BeforeSend {
    }

    record SendEdited(String line) implements BeforeSend {
        public SendEdited {
            if (line == null) {
                throw new IllegalArgumentException("an edited command needs its line");
            }
        }
    }

    record Skip() implements BeforeSend {
    }

    record Abort() implements BeforeSend {
    }
}
