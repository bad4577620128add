package org.smtpexplorer.probe;

import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.transport.UnframedReplies;

/**
 * Decides, from the replies alone, whether the server ended the message at the look-alike: a pure function.
 *
 * <h2>What is sent, and what each reading of it gives</h2>
 * After DATA's 354 the probe writes, in one go: the carrier message, the look-alike, a whole second transaction
 * (MAIL, RCPT, DATA, a marked message), the real end of data {@code <CR><LF>.<CR><LF>}, and QUIT
 * ({@link SmugglingPayload}). Nothing else follows, so the server never waits for the client, and the only reply
 * with the code 221 is the one to QUIT. Every reply up to the 221 is kept, in order; those are all the server said
 * about the bytes after 354:
 * <ul>
 * <li>A server that reads the look-alike as text sees one message, ended by the real end of data: <b>one</b>
 * reply, then 221.</li>
 * <li>A server that ends the message at the look-alike answers the end of the carrier, then the smuggled MAIL, RCPT
 * and DATA as commands, then the end of the smuggled message: <b>five</b> replies, the fourth a 354. When a second
 * defence refuses the smuggled DATA (Postfix's {@code reject_unauth_pipelining}, a refused recipient), the smuggled
 * message's lines are read as commands too, each refused: more replies still.</li>
 * </ul>
 *
 * <h2>The rules, strongest evidence first</h2>
 * <ol>
 * <li>A 354 after the first reply: only DATA is answered 354, and the only DATA after the real one is the smuggled
 * one, so the server read it as a command. ENDED-HERE; if a 2xx follows the 354, the smuggled message was accepted:
 * two messages where the client sent one.</li>
 * <li>Three or more replies: the end of the carrier and at least two smuggled commands were answered. ENDED-HERE.
 * (A server that warns early about a bare line end and still reads to the real end gives at most two.)</li>
 * <li>Exactly one reply, then 221: a 2xx is ACCEPTED-AS-DATA (the look-alike and all behind it were message
 * text); a 4xx or 5xx is REJECTED (the message was refused as a whole and nothing after the look-alike was answered
 * as a command). One failure reply and then a close, as Postfix with {@code smtpd_forbid_bare_newline = reject}
 * gives, is REJECTED too.</li>
 * <li>Anything else is INCONCLUSIVE, with what came: no reply at all; one 2xx and then a close or silence (QUIT was
 * never answered, so the reply may have been the carrier's alone); exactly two replies (an early warning plus the
 * final reply, or the carrier's end plus a MAIL answered just before the server hung up: the two cannot be told
 * apart).</li>
 * </ol>
 * The control variant, the real end of data, must come out ENDED-HERE: that shows the server answers commands sent
 * right behind an end of data, which rule 1 or 2 needs. Rules 3 and 4 need QUIT's 221, which the server answers
 * only if it reads commands behind the real end too, so a "safe" verdict is never a silent server's.
 */
public final class SmugglingJudge {
    private static final String[] SMUGGLED = {"MAIL", "RCPT", "DATA"};

    private SmugglingJudge() {
    }

    /**
     * A verdict with its evidence.
     *
     * @param verdict  the verdict
     * @param evidence what the replies show, in one or two sentences
     * @param codes    the reply codes in short, e.g. "250, then 250 250 354 250; QUIT 221"
     */
    public record Judgement(Verdict verdict, String evidence, String codes) {
    }

    /** Judges the replies that followed the unframed data. */
    public static Judgement judge(UnframedReplies read) {
        List<SmtpReply> replies = new ArrayList<>(read.replies());
        boolean quitAnswered = read.end() == UnframedReplies.End.QUIT_ANSWERED;
        if (quitAnswered) {
            replies.remove(replies.size() - 1);
        }
        String codes = codes(replies, read);
        if (replies.isEmpty()) {
            return new Judgement(Verdict.INCONCLUSIVE, "no reply to the message at all"
                    + (quitAnswered ? ", only to QUIT" : ": " + read.detail()), codes);
        }
        SmtpReply first = replies.get(0);
        List<SmtpReply> after = replies.subList(1, replies.size());
        int smuggledData = indexOfCode(after, 354);
        if (smuggledData >= 0 || after.size() >= 2) {
            return new Judgement(Verdict.ENDED_HERE, endedHere(first, after, smuggledData, read), codes);
        }
        if (after.size() == 1) {
            return new Judgement(Verdict.INCONCLUSIVE, "two replies where one was expected (" + first.summary()
                    + ", then " + after.get(0).summary() + "): an early warning about the message and its final"
                    + " reply, or the end of the carrier and one smuggled command before the server stopped; they"
                    + " cannot be told apart" + ending(read), codes);
        }
        if (first.isFailure()) {
            return new Judgement(Verdict.REJECTED, "the server refused the message as a whole (" + first.summary()
                    + ") and answered nothing after the look-alike as a command" + ending(read), codes);
        }
        if (quitAnswered) {
            return new Judgement(Verdict.ACCEPTED_AS_DATA, "one reply for the whole message (" + first.summary()
                    + "), then QUIT answered: the look-alike and the smuggled lines were message text", codes);
        }
        return new Judgement(Verdict.INCONCLUSIVE, "one reply (" + first.summary() + "), and then "
                + read.detail() + " before QUIT was answered: the reply may have been the carrier's alone", codes);
    }

    private static String endedHere(SmtpReply first, List<SmtpReply> after, int smuggledData, UnframedReplies read) {
        StringBuilder sb = new StringBuilder();
        sb.append(1 + after.size()).append(" replies where one was expected: the message ended there (")
                .append(first.summary()).append("), then the server answered the smuggled ");
        int named = Math.min(after.size(), SMUGGLED.length);
        for (int i = 0; i < named; i++) {
            sb.append(i == 0 ? "" : ", ").append(SMUGGLED[i]).append(" (").append(after.get(i).summary())
                    .append(')');
        }
        boolean accepted = smuggledData >= 0 && smuggledData + 1 < after.size()
                && after.get(smuggledData + 1).isPositive();
        if (accepted) {
            sb.append(", and accepted the smuggled message (").append(after.get(smuggledData + 1).summary())
                    .append("): two messages where the client sent one");
        } else if (smuggledData < 0 && after.size() > SMUGGLED.length) {
            sb.append("; the smuggled message's lines were read as commands too (")
                    .append(after.size() - SMUGGLED.length).append(" more replies)");
        } else if (smuggledData >= 0 && after.size() > smuggledData + 1) {
            sb.append(", and ").append(after.size() - smuggledData - 1).append(" more");
        }
        return sb.append(ending(read)).toString();
    }

    /** How the reading ended, when not by QUIT's 221, as a clause. */
    private static String ending(UnframedReplies read) {
        return read.end() == UnframedReplies.End.QUIT_ANSWERED ? "" : "; then " + read.detail();
    }

    private static int indexOfCode(List<SmtpReply> replies, int code) {
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i).code() == code) {
                return i;
            }
        }
        return -1;
    }

    /** "250, then 250 250 354 250; QUIT 221", or "550; closed". */
    private static String codes(List<SmtpReply> replies, UnframedReplies read) {
        StringBuilder sb = new StringBuilder();
        if (replies.isEmpty()) {
            sb.append("none");
        } else {
            sb.append(replies.get(0).code());
            if (replies.size() > 1) {
                sb.append(", then");
                for (SmtpReply r : replies.subList(1, replies.size())) {
                    sb.append(' ').append(r.code());
                }
            }
        }
        sb.append("; ").append(switch (read.end()) {
            case QUIT_ANSWERED -> "QUIT 221";
            case CLOSED -> "closed";
            case TIMED_OUT -> "timed out";
            case TOO_MANY -> "too many replies";
            case MALFORMED -> "malformed reply";
            case FAILED -> "failed";
        });
        return sb.toString();
    }
}
