package org.smtpexplorer.transcript;

/** What a transcript entry records. */
public enum EntryKind {
    /** TCP connection opened (or attempted). */
    CONNECT,
    /** A command line the client sent. */
    CLIENT,
    /** A complete reply the server sent. */
    SERVER,
    /** Message bytes after DATA or in a BDAT chunk; only a preview is kept. */
    PAYLOAD,
    /** TLS established, with its details. */
    TLS,
    /** Something the engine or the tool wants the user to know. */
    NOTE,
    /** A failure. */
    ERROR
}
