package org.smtpexplorer.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental, bounded, strict parser of server replies (RFC 5321 §4.2). Bytes may arrive in any split; the
 * parser holds at most one line plus one reply, so memory stays bounded whatever the server sends.
 * A violation throws {@link SmtpException} of class PROTOCOL and leaves the parser unusable.
 */
public final class ReplyParser {
    public static final int MAX_LINE_BYTES = 4096;
    public static final int MAX_REPLY_BYTES = 64 * 1024;
    public static final int MAX_REPLY_LINES = 1000;

    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private final ByteArrayOutputStream replyRaw = new ByteArrayOutputStream();
    private final List<String> texts = new ArrayList<>();
    private int replyCode = -1;
    private EnhancedStatus enhanced;
    private boolean bareLf;
    private String failure;

    /** Feeds bytes; returns the replies completed by them, in order. */
    public List<SmtpReply> feed(byte[] data, int offset, int length) {
        if (failure != null) {
            throw SmtpException.protocol("reply parser already failed: " + failure);
        }
        List<SmtpReply> done = new ArrayList<>(1);
        try {
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                if (lineLength == MAX_LINE_BYTES) {
                    fail("reply line longer than " + MAX_LINE_BYTES + " bytes without a line end");
                }
                line[lineLength++] = b;
                if (b == '\n') {
                    SmtpReply reply = endOfLine();
                    if (reply != null) {
                        done.add(reply);
                    }
                }
            }
        } catch (SmtpException e) {
            ByteArrayOutputStream offending = new ByteArrayOutputStream(replyRaw.size() + lineLength);
            offending.writeBytes(replyRaw.toByteArray());
            offending.write(line, 0, lineLength);
            throw new MalformedReplyException(e.getMessage(), offending.toByteArray(), done, List.of());
        }
        return done;
    }

    public List<SmtpReply> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** The bytes of the reply in progress, exactly as received: its complete lines and the partial one. */
    public byte[] partialReply() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(replyRaw.size() + lineLength);
        out.writeBytes(replyRaw.toByteArray());
        out.write(line, 0, lineLength);
        return out.toByteArray();
    }

    /** True while part of a reply has been received but not its last line. */
    public boolean isMidReply() {
        return lineLength > 0 || replyCode >= 0;
    }


    private SmtpReply endOfLine() {
        boolean crlf = lineLength >= 2 && line[lineLength - 2] == '\r';
        int contentEnd = lineLength - (crlf ? 2 : 1);
        if (!crlf) {
            bareLf = true;
        }
        if (replyRaw.size() + lineLength > MAX_REPLY_BYTES) {
            fail("reply longer than " + MAX_REPLY_BYTES + " bytes");
        }
        if (texts.size() + 1 > MAX_REPLY_LINES) {
            fail("reply with more than " + MAX_REPLY_LINES + " lines");
        }
        int code = parseCode(contentEnd);
        boolean last;
        if (contentEnd == 3) {
            last = true;
        } else if (line[3] == ' ') {
            last = true;
        } else if (line[3] == '-') {
            last = false;
        } else {
            fail("reply line has '" + printable(line[3]) + "' after the code where a space or '-' belongs: "
                    + preview(contentEnd));
            return null;
        }
        if (replyCode >= 0 && code != replyCode) {
            fail("multi-line reply changes its code from " + replyCode + " to " + code);
        }
        String text = contentEnd > 4 ? decode(line, 4, contentEnd - 4) : "";
        if (replyCode < 0) {
            replyCode = code;
            var prefix = EnhancedStatus.parsePrefix(text)
                    .filter(p -> p.status().codeClass() == code / 100);
            if (prefix.isPresent()) {
                enhanced = prefix.get().status();
                text = text.substring(prefix.get().textStart());
            }
        } else if (enhanced != null) {
            String repeated = enhanced + " ";
            if (text.startsWith(repeated)) {
                text = text.substring(repeated.length());
            } else if (text.equals(enhanced.toString())) {
                text = "";
            }
        }
        replyRaw.write(line, 0, lineLength);
        texts.add(text);
        lineLength = 0;
        if (!last) {
            return null;
        }
        SmtpReply reply = new SmtpReply(replyCode, enhanced, texts, replyRaw.toByteArray(), bareLf);
        replyRaw.reset();
        texts.clear();
        replyCode = -1;
        enhanced = null;
        bareLf = false;
        return reply;
    }

    private int parseCode(int contentEnd) {
        if (contentEnd < 3) {
            fail("reply line too short for a code: " + preview(contentEnd));
        }
        int d0 = line[0] - '0';
        int d1 = line[1] - '0';
        int d2 = line[2] - '0';
        if (d0 < 2 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            fail("reply line does not start with a code 200-599: " + preview(contentEnd));
        }
        return d0 * 100 + d1 * 10 + d2;
    }

    private String preview(int contentEnd) {
        String s = decode(line, 0, Math.min(contentEnd, 60));
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append(contentEnd > 60 ? "...\"" : "\"").toString();
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    private void fail(String message) {
        failure = message;
        throw SmtpException.protocol(message);
    }

    /** Decodes UTF-8 leniently: invalid sequences become U+FFFD; the raw bytes stay in the reply. */
    public static String decode(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
