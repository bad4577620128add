package org.smtpexplorer.compose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.Capabilities;

/**
 * Chooses the Content-Transfer-Encoding of a text body. Automatic: 7bit for ASCII with lines of at most 998
 * octets; 8bit for other such text when the server offers 8BITMIME or SMTPUTF8; otherwise quoted-printable while
 * the text stays mostly readable that way (at most a third of its octets non-ASCII), else base64. A line over
 * 998 octets never goes out as 7bit or 8bit (RFC 5322 §2.1.1). An override is used as asked; when it cannot be
 * right for this text or server, that is a blocking problem, not a silent change.
 */
final class EncodingPolicy {
    static final int MAX_LINE = 998;
    static final String FIELD = "options.transferEncoding";

    private EncodingPolicy() {
    }

    /** The chosen encoding and what to tell the user about it. */
    record Choice(String encoding, List<Problem> problems) {
    }

    /**
     * @param what     "text body" or "HTML body", for the messages
     * @param text     the body with CRLF line ends
     * @param caps     the server's capabilities, or null when not known (then nothing 8-bit is chosen)
     */
    static Choice choose(String what, String text, TransferEncoding override, Capabilities caps) {
        Scan s = Scan.of(text);
        List<Problem> problems = new ArrayList<>();
        boolean eightBitOk = caps != null && (caps.eightBitMime() || caps.smtpUtf8());
        switch (override) {
            case SEVEN_BIT -> {
                if (s.nonAscii > 0) {
                    problems.add(Problem.blocking(FIELD, "7bit was asked but the " + what + " has non-ASCII"
                            + " characters, which 7bit cannot carry (RFC 2045 §2.7)"));
                }
                checkUnencodable(what, "7bit", s, problems);
                return new Choice("7bit", problems);
            }
            case EIGHT_BIT -> {
                checkUnencodable(what, "8bit", s, problems);
                if (caps == null) {
                    problems.add(Problem.warning(FIELD, "8bit needs 8BITMIME or SMTPUTF8 and the server's"
                            + " capabilities are not known yet"));
                } else if (!eightBitOk) {
                    problems.add(Problem.blocking(FIELD, "8bit was asked but the server offers neither 8BITMIME"
                            + " nor SMTPUTF8 (RFC 6152)"));
                }
                return new Choice("8bit", problems);
            }
            case QUOTED_PRINTABLE, BASE64, BINARY -> {
                return new Choice(override.headerValue(), problems);
            }
            default -> {
                return automatic(what, s, caps, eightBitOk);
            }
        }
    }

    private static Choice automatic(String what, Scan s, Capabilities caps, boolean eightBitOk) {
        boolean linesOk = s.longestLine <= MAX_LINE && !s.nul;
        if (s.nonAscii == 0 && linesOk) {
            return new Choice("7bit", List.of());
        }
        if (linesOk && eightBitOk) {
            return new Choice("8bit", List.of(Problem.info(FIELD, "the " + what + " goes as 8bit: it has non-ASCII"
                    + " text and the server offers " + (caps.eightBitMime() ? "8BITMIME" : "SMTPUTF8"))));
        }
        String why;
        if (s.longestLine > MAX_LINE) {
            why = "a line is " + s.longestLine + " octets and no line may exceed " + MAX_LINE + " unencoded";
        } else if (s.nul) {
            why = "it contains a NUL character";
        } else if (caps == null) {
            why = "it has non-ASCII text and the server's capabilities are not known yet (7-bit safe)";
        } else {
            why = "it has non-ASCII text and the server offers neither 8BITMIME nor SMTPUTF8";
        }
        boolean mostlyAscii = s.nonAscii * 3 <= s.total;
        String encoding = mostlyAscii ? "quoted-printable" : "base64";
        return new Choice(encoding, List.of(Problem.info(FIELD, "the " + what + " goes as " + encoding + ": "
                + why)));
    }

    private static void checkUnencodable(String what, String encoding, Scan s, List<Problem> problems) {
        if (s.longestLine > MAX_LINE) {
            problems.add(Problem.blocking(FIELD, encoding + " was asked but a line of the " + what + " is "
                    + s.longestLine + " octets; lines over " + MAX_LINE + " must be encoded (quoted-printable or"
                    + " base64)"));
        }
        if (s.nul) {
            problems.add(Problem.blocking(FIELD, encoding + " was asked but the " + what + " contains a NUL"
                    + " character (RFC 2045 §2.7)"));
        }
    }

    /** Octet statistics of UTF-8 text. */
    private record Scan(long total, long nonAscii, long longestLine, boolean nul) {
        static Scan of(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            long nonAscii = 0;
            long longest = 0;
            long line = 0;
            boolean nul = false;
            for (byte x : b) {
                if (x == '\n') {
                    longest = Math.max(longest, line);
                    line = 0;
                } else if (x != '\r') {
                    line++;
                    nonAscii += x < 0 ? 1 : 0;
                    nul |= x == 0;
                }
            }
            return new Scan(b.length, nonAscii, Math.max(longest, line), nul);
        }
    }
}
