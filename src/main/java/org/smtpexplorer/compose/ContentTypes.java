package org.smtpexplorer.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Guesses an attachment's MIME type: the platform's {@link Files#probeContentType} first, then a table of common
 * extensions (minimal systems often have no MIME database), then application/octet-stream. Composite types
 * (multipart, message) are never guessed: they cannot be base64-encoded (RFC 2046 §5), so such files go as
 * octet streams.
 */
public final class ContentTypes {
    public static final String FALLBACK = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("htm", "text/html"), Map.entry("html", "text/html"), Map.entry("css", "text/css"),
            Map.entry("xml", "application/xml"), Map.entry("json", "application/json"),
            Map.entry("md", "text/markdown"), Map.entry("ics", "text/calendar"), Map.entry("vcf", "text/vcard"),
            Map.entry("pdf", "application/pdf"), Map.entry("rtf", "application/rtf"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("heic", "image/heic"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
            Map.entry("tgz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("7z", "application/x-7z-compressed"), Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("odp", "application/vnd.oasis.opendocument.presentation"),
            Map.entry("p7s", "application/pkcs7-signature"), Map.entry("asc", "application/pgp-signature"),
            Map.entry("pem", "application/x-pem-file"));

    private ContentTypes() {
    }

    public static String detect(Path file) {
        String probed = null;
        try {
            probed = Files.probeContentType(file);
        } catch (IOException | SecurityException e) {
            // A broken or missing MIME database is the common case on servers; the table below covers it.
        }
        if (usable(probed)) {
            return probed.toLowerCase(Locale.ROOT);
        }
        return byExtension(file.getFileName() == null ? "" : file.getFileName().toString());
    }

    static String byExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return FALLBACK;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), FALLBACK);
    }

    /** True for multipart/* and message/*, which must not be base64-encoded. */
    static boolean isComposite(String type) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        return t.startsWith("multipart/") || t.startsWith("message/");
    }

    private static boolean usable(String type) {
        return type != null && type.indexOf('/') > 0 && !isComposite(type);
    }
}
