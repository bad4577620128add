package org.smtpexplorer.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;

/**
 * The messages issue 8 asks to be sent: each a draft plus what must come back out of it. The recipients are in
 * the lab's own domains (example.com, example.de, 例子.中国), so the lab accepts them without AUTH.
 */
final class Cases {
    static final String FROM = "Alice Example <alice@example.com>";
    static final String TEXT = "Hello Bob,\nthis is a test.\n";

    private Cases() {
    }

    /**
     * @param name           the case, for test names
     * @param draft          what the user typed
     * @param expectedTo     the To addresses as parsed back ("Name <addr>" in Unicode)
     * @param expectedText   the text body as parsed back (CRLF line ends)
     */
    record Case(String name, Draft draft, List<String> expectedTo, String expectedText) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Draft base() {
        return Draft.empty().withFrom(FROM).withTo("Bob <bob@example.com>").withSubject("Test").withText(TEXT);
    }

    /** A composed message and how its send ended. */
    record Sent(ComposedMessage composed, SendResult result) {
    }

    /**
     * Sends as the app does: the session composes the draft once the server's capabilities are known (after
     * STARTTLS when the options ask for it), then runs the transaction by {@code transfer}. Problems are not
     * checked here: the callers look at them. A failure of the session is returned, not thrown.
     */
    static Sent composeAndSend(ConnectOptions options, Draft draft, SendRequest.Transfer transfer, Path file)
            throws IOException, InvalidDraftException {
        AtomicReference<ComposedMessage> composed = new AtomicReference<>();
        SendRequest r = SendRequest.of(options).with(b -> b.helo("composer.test").messageFactory((request, caps) -> {
            try {
                ComposedMessage m = new MessageComposer().compose(
                        draft.withOptions(draft.options().withTransfer(transfer, 4096)), caps, file);
                composed.set(m);
                return m.applyTo(request);
            } catch (InvalidDraftException | IOException e) {
                throw new UncheckedComposeFailure(e);
            }
        }));
        try {
            SendResult result = new Session(r, new Transcript()).send();
            return new Sent(composed.get(), result);
        } catch (UncheckedComposeFailure e) {
            if (e.getCause() instanceof InvalidDraftException i) {
                throw i;
            }
            throw (IOException) e.getCause();
        }
    }

    /** Carries a composing failure out of the session's factory. */
    private static final class UncheckedComposeFailure extends RuntimeException {
        UncheckedComposeFailure(Exception cause) {
            super(cause);
        }
    }

    /** Every case, once by DATA and once by BDAT, as parameterized-test arguments. */
    static Stream<Arguments> byTransfer(Path dir)
            throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Case c : all(dir)) {
            out.add(Arguments.of(c, SendRequest.Transfer.DATA));
            out.add(Arguments.of(c, SendRequest.Transfer.BDAT));
        }
        return out.stream();
    }

    static List<Case> all(Path dir) throws IOException {
        return List.of(utf8Subject(), japaneseFileName(dir), chineseAddress(), germanLocalPart(), idnDomain(),
                dotLines(), longLine(), noFinalLineEnd());
    }

    static Case utf8Subject() {
        return new Case("utf8-subject", base().withSubject("Grüße aus München – 你好 🎉"),
                List.of("Bob <bob@example.com>"), crlf(TEXT));
    }

    static Case japaneseFileName(Path dir) throws IOException {
        Path pdf = dir.resolve("報告書.pdf");
        Files.write(pdf, randomBytes(50_000, 7));
        return new Case("japanese-file-name", base().withAttachments(List.of(Draft.Attachment.of(pdf))),
                List.of("Bob <bob@example.com>"), crlf(TEXT));
    }

    /** A non-ASCII local part and an IDN domain, with a non-ASCII display name. */
    static Case chineseAddress() {
        return new Case("chinese-address", base().withTo("张伟 <用户@例子.中国>"), List.of("张伟 <用户@例子.中国>"),
                crlf(TEXT));
    }

    /** A non-ASCII local part at an ASCII domain: not an IDN case. */
    static Case germanLocalPart() {
        return new Case("german-local-part", base().withTo("münchen@example.de"), List.of("münchen@example.de"),
                crlf(TEXT));
    }

    /** An ASCII local part at an IDN domain: the case that can be downgraded to an A-label. */
    static Case idnDomain() {
        return new Case("idn-domain", base().withTo("info@例子.中国"), List.of("info@例子.中国"), crlf(TEXT));
    }

    /** Lines a DATA transfer must dot-stuff, including a lone dot that would end the message early. */
    static Case dotLines() {
        String text = ".\n..\n.hidden line\nmiddle\n. \n.\n";
        return new Case("dot-lines", base().withText(text), List.of("Bob <bob@example.com>"), crlf(text));
    }

    static Case longLine() {
        String text = "short line\n" + "0123456789".repeat(150) + "\nend\n";
        return new Case("long-line", base().withText(text), List.of("Bob <bob@example.com>"), crlf(text));
    }

    /** DATA cannot send a message without a final CRLF; the composer adds it so DATA and BDAT agree. */
    static Case noFinalLineEnd() {
        return new Case("no-final-line-end", base().withText("Hello"), List.of("Bob <bob@example.com>"), "Hello\r\n");
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String crlf(String s) {
        return s.replace("\n", "\r\n");
    }
}
