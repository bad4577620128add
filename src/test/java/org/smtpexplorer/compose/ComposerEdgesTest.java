package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transport.SendRequest;

/**
 * The composer at its edges: each limit at exactly the limit and one past it, each option alone, and the
 * problems that must (and must not) block sending. Found by mutation testing (README, "Test strength").
 */
class ComposerEdgesTest {
    private static final Instant NOW = Instant.parse("2025-03-14T15:09:26Z");
    private static final String ENCODING = EncodingPolicy.FIELD;
    private final MessageComposer composer = new MessageComposer(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path dir;

    private ComposedMessage compose(Draft d, Capabilities caps) throws Exception {
        return composer.compose(d, caps, Files.createTempFile(dir, "msg", ".eml"));
    }

    private Problems check(Draft d, Capabilities caps) {
        return composer.check(d, caps);
    }

    private static Draft withOptions(Draft.Options o) {
        return Cases.base().withOptions(o);
    }

    /** The physical lines of one header field as written, its first line and its continuation lines. */
    private static List<String> headerLines(ComposedMessage m, String name) throws Exception {
        String head = new String(Files.readAllBytes(m.file()), StandardCharsets.UTF_8).split("\r\n\r\n")[0];
        List<String> out = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (line.startsWith(name + ":") || !out.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                out.add(line);
            } else if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    private static String encodingOf(ComposedMessage m) throws Exception {
        return ParsedMessage.parse(m.file()).message().getEncoding();
    }

    // Addresses and recipients

    @Test
    void anInvalidAuthorIsReportedOnceAndAMissingOneEvenWhenAnotherFieldIsWrong() {
        assertThat(check(Cases.base().withFrom("alice@"), null).about("from")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("\"alice@\" is not a valid address"));
        assertThat(check(Cases.base().withFrom("").withTo("bob@"), null).about("from")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("a message needs one author address"));
    }

    @Test
    void recipientsInCcOrBccAloneAreEnough() {
        Draft noTo = Cases.base().withTo("");

        assertThat(check(noTo.withCc("c@example.com").withBcc("d@example.com"), null).about("to")).isEmpty();
        assertThat(check(Cases.base().withCc("c@example.com"), null).about("to")).isEmpty();
        assertThat(check(noTo.withBcc("d@example.com"), null).about("to")).isEmpty();
    }

    @Test
    void smtpUtf8ForcedOnWarnsOnlyWhenTheServerLacksIt() throws Exception {
        Draft on = withOptions(Draft.Options.defaults().withSmtpUtf8(SendRequest.Toggle.ON));

        assertThat(check(on, Caps.noSmtpUtf8()).about("options.smtpUtf8")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("forced on", "does not offer"));
        assertThat(check(on, Caps.modern()).about("options.smtpUtf8")).isEmpty();
        assertThat(check(on, null).about("options.smtpUtf8")).isEmpty();
        assertThat(compose(on, Caps.noSmtpUtf8()).envelope().smtpUtf8()).isTrue();
    }

    @Test
    void exactlyRcptMaxRecipientsGoInOneTransaction() throws Exception {
        Capabilities caps = Caps.ehlo("LIMITS RCPTMAX=2");
        ComposedMessage two = compose(Cases.base().withTo("a@example.com, b@example.com"), caps);
        ComposedMessage four = compose(Cases.base().withTo("a@example.com, b@example.com, c@example.com")
                .withBcc("d@example.com"), caps);

        assertThat(two.problems().about("recipients")).isEmpty();
        assertThat(two.envelope().batches(caps)).containsExactly(List.of("a@example.com", "b@example.com"));
        assertThat(four.problems().about("recipients")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("4 recipients", "2 transactions"));
        assertThat(four.envelope().batches(caps)).containsExactly(List.of("a@example.com", "b@example.com"),
                List.of("c@example.com", "d@example.com"));
    }

    // Headers

    @Test
    void headerNamesMayUseEveryPrintableCharacterExceptTheColon() {
        Draft printable = Cases.base().withHeaders(List.of(new Draft.Header("X-Bang!", "1"),
                new Draft.Header("X-Tilde~", "2")));
        Draft unprintable = Cases.base().withHeaders(List.of(new Draft.Header("X-Del\u007f", "1"),
                new Draft.Header("X Space", "2"), new Draft.Header("X:Colon", "3")));

        assertThat(check(printable, null).all()).isEmpty();
        assertThat(check(unprintable, null).of(Problem.Severity.INVALID)).extracting(Problem::field)
                .containsExactly("headers[0].name", "headers[1].name", "headers[2].name");
    }

    @Test
    void dateOrMessageIdGivenTwiceIsInvalidAndOnceIsFine() {
        Draft once = Cases.base().withHeaders(List.of(new Draft.Header("Date", "Mon, 1 Jan 2024 00:00:00 +0000"),
                new Draft.Header("Message-ID", "<a@example.com>")));
        Draft dateTwice = Cases.base().withHeaders(List.of(new Draft.Header("Date", "Mon, 1 Jan 2024 00:00:00 +0000"),
                new Draft.Header("date", "Tue, 2 Jan 2024 00:00:00 +0000")));
        Draft idTwice = Cases.base().withHeaders(List.of(new Draft.Header("Message-ID", "<a@example.com>"),
                new Draft.Header("X-Other", "x"), new Draft.Header("Message-Id", "<b@example.com>")));

        assertThat(check(once, null).all()).isEmpty();
        assertThat(check(dateTwice, null).all()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("headers[1].name");
            assertThat(p.message()).isEqualTo("date is given twice; a message has one (RFC 5322 §3.6)");
        });
        assertThat(check(idTwice, null).all()).extracting(Problem::field).containsExactly("headers[2].name");
    }

    @Test
    void aLineBreakOrNulAtTheVeryStartOfAValueIsCaught() {
        Draft subject = Cases.base().withSubject("\r\nBcc: eve@example.com");
        Draft subjectLf = Cases.base().withSubject("\nBcc: eve@example.com");
        Draft values = Cases.base().withHeaders(List.of(new Draft.Header("X-A", "\rx"),
                new Draft.Header("X-B", "\nx"), new Draft.Header("X-C", "\0x")));

        assertThat(check(subject, null).about("subject")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.INVALID));
        assertThat(check(subjectLf, null).about("subject")).hasSize(1);
        assertThat(check(values, null).of(Problem.Severity.INVALID)).extracting(Problem::field)
                .containsExactly("headers[0].value", "headers[1].value", "headers[2].value");
    }

    @Test
    void aHeaderLineOfExactly998OctetsIsAllowedAnd999Blocks() throws Exception {
        // "X-Long: " is 8 octets; a value without spaces cannot be folded.
        ComposedMessage at998 = compose(Cases.base().withHeaders(List.of(
                new Draft.Header("X-Long", "y".repeat(990)))), Caps.modern());
        ComposedMessage at999 = compose(Cases.base().withHeaders(List.of(
                new Draft.Header("X-Long", "y".repeat(991)))), Caps.modern());

        assertThat(at998.problems().all()).isEmpty();
        assertThat(ParsedMessage.parse(at998.file()).message().getHeader("X-Long")[0]).hasSize(990);
        assertThat(at999.problems().about("headers")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("X-Long: a line of 999 octets"));
        assertThat(at999.problems().blocksSending()).isTrue();
    }

    @Test
    void aLongCustomHeaderIsFoldedWithinTheRecommendedLineLength() throws Exception {
        String value = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho"
                + " sigma tau upsilon";
        ComposedMessage m = compose(Cases.base().withHeaders(List.of(new Draft.Header("X-Note", value))), null);

        List<String> lines = headerLines(m, "X-Note");

        assertThat(lines).hasSizeGreaterThan(1)
                .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(78));
        assertThat(MimeUtility.unfold(String.join("\r\n", lines))).isEqualTo("X-Note: " + value);
    }

    @Test
    void aCustomHeaderThatIsNotADateLeavesTheDateToTheComposer() throws Exception {
        ComposedMessage m = compose(Cases.base().withHeaders(List.of(new Draft.Header("X-Note", "x"))), null);

        assertThat(ParsedMessage.parse(m.file()).message().getSentDate().toInstant()).isEqualTo(NOW);
    }

    @Test
    void replyToIsWrittenWhenGivenAndOnlyThen() throws Exception {
        ComposedMessage with = compose(Cases.base().withReplyTo("Desk <desk@example.com>"), null);
        ComposedMessage without = compose(Cases.base(), null);

        assertThat(ParsedMessage.parse(with.file()).message().getHeader("Reply-To"))
                .containsExactly("Desk <desk@example.com>");
        assertThat(ParsedMessage.parse(without.file()).message().getHeader("Reply-To")).isNull();
    }

    // Attachments

    @Test
    void anAttachmentWithoutAFileSaysSo() {
        Draft d = Cases.base().withAttachments(List.of(new Draft.Attachment(null, "", false, "")));

        assertThat(check(d, null).about("attachments[0]")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("no file given"));
    }

    @Test
    void anAttachmentIsNamedInItsTypeAndDispositionAndAlwaysGoesBase64() throws Exception {
        // ASCII text would go as 7bit if left to Angus: base64 keeps its bare LF and lack of final line end.
        Path notes = Files.writeString(dir.resolve("notes.txt"), "one\ntwo");
        Path latin1 = Files.writeString(dir.resolve("old.txt"), "x");
        Draft d = Cases.base().withAttachments(List.of(Draft.Attachment.of(notes),
                new Draft.Attachment(latin1, "text/plain; charset=ISO-8859-1", false, "")));

        ComposedMessage m = compose(d, Caps.modern());

        Multipart mixed = (Multipart) ParsedMessage.parse(m.file()).message().getContent();
        MimeBodyPart first = (MimeBodyPart) mixed.getBodyPart(1);
        MimeBodyPart second = (MimeBodyPart) mixed.getBodyPart(2);
        assertThat(first.getContentType()).isEqualTo("text/plain; name=notes.txt");
        assertThat(first.getHeader("Content-Disposition", null)).isEqualTo("attachment; filename=notes.txt");
        assertThat(first.getEncoding()).isEqualTo("base64");
        assertThat(first.getInputStream().readAllBytes()).isEqualTo("one\ntwo".getBytes(StandardCharsets.US_ASCII));
        assertThat(second.getContentType()).isEqualTo("text/plain; charset=ISO-8859-1; name=old.txt");
        assertThat(second.getEncoding()).isEqualTo("base64");
    }

    @Test
    void contentTypesComeFromThePlatformThenTheTableThenTheFallback() throws Exception {
        Path log = Files.write(dir.resolve("server.log"), new byte[] {1});
        Path readme = Files.write(dir.resolve("README"), new byte[] {1});
        Path eml = Files.write(dir.resolve("forwarded.eml"), new byte[] {1});
        Path epub = Files.write(dir.resolve("book.epub"), new byte[] {1});

        assertThat(ContentTypes.detect(log)).isEqualTo("text/plain");
        // A name that is only an extension: the table reads it as the platform's database does (".png" is PNG).
        assertThat(ContentTypes.byExtension(".png")).isEqualTo("image/png");
        assertThat(ContentTypes.detect(readme)).isEqualTo(ContentTypes.FALLBACK);
        assertThat(ContentTypes.detect(eml)).as("message/rfc822 cannot be base64-encoded")
                .isEqualTo(ContentTypes.FALLBACK);
        // Not in the table: only the platform's MIME database knows it, where there is one.
        assumeThat(Files.probeContentType(epub)).isNotNull();
        assertThat(ContentTypes.detect(epub)).isEqualTo("application/epub+zip");
    }

    // Options

    @Test
    void aChunkOfOneByteIsTheSmallestAllowed() {
        Draft one = withOptions(Draft.Options.defaults().withTransfer(SendRequest.Transfer.BDAT, 1));

        assertThat(check(one, Caps.modern()).about("options.chunkSize")).isEmpty();
    }

    @Test
    void anEnvidIsAtMost100PrintableCharacters() {
        String hundred = "!" + "x".repeat(98) + "~";
        Draft.Options o = Draft.Options.defaults();

        assertThat(check(withOptions(o.withDsn("", "", hundred)), Caps.modern()).all()).isEmpty();
        assertThat(check(withOptions(o.withDsn("", "", hundred + "x")), Caps.modern()).about("options.envid"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("at most 100"));
        assertThat(check(withOptions(o.withDsn("", "", "a b")), Caps.modern()).about("options.envid")).hasSize(1);
        assertThat(check(withOptions(o.withDsn("", "", "caf\u00e9")), Caps.modern()).about("options.envid"))
                .hasSize(1);
    }

    @Test
    void notifyIsNeverAloneOrDistinctEvents() {
        Draft.Options o = Draft.Options.defaults();

        assertThat(check(withOptions(o.withDsn("never", "", "")), Caps.modern()).all()).isEmpty();
        assertThat(check(withOptions(o.withDsn(" success , delay ", "", "")), Caps.modern()).all()).isEmpty();
        assertThat(check(withOptions(o.withDsn("NEVER,SUCCESS", "", "")), Caps.modern()).about("options.dsnNotify"))
                .hasSize(1);
        assertThat(check(withOptions(o.withDsn("SUCCESS,SUCCESS", "", "")), Caps.modern())
                .about("options.dsnNotify")).hasSize(1);
    }

    @Test
    void eachDsnOptionAloneAsksForDsnAndNoneAsksNothing() {
        Capabilities noDsn = Caps.ehlo("8BITMIME");
        Draft.Options o = Draft.Options.defaults();

        assertThat(check(withOptions(o), noDsn).all()).isEmpty();
        for (Draft.Options one : List.of(o.withDsn("FAILURE", "", ""), o.withDsn("", "FULL", ""),
                o.withDsn("", "", "env-1"))) {
            assertThat(check(withOptions(one), noDsn).all()).as(one.toString()).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("does not offer DSN"));
            assertThat(check(withOptions(one), Caps.modern()).all()).isEmpty();
        }
    }

    @Test
    void forcedBdatWarnsOnlyWhenTheServerIsKnownToLackChunking() {
        Draft bdat = withOptions(Draft.Options.defaults().withTransfer(SendRequest.Transfer.BDAT, 4096));
        Draft data = withOptions(Draft.Options.defaults().withTransfer(SendRequest.Transfer.DATA, 4096));

        assertThat(check(bdat, Caps.ehlo("8BITMIME")).about("options.transfer")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not offer CHUNKING"));
        assertThat(check(bdat, Caps.modern()).all()).isEmpty();
        assertThat(check(bdat, null).all()).isEmpty();
        assertThat(check(data, Caps.ehlo("8BITMIME")).all()).isEmpty();
    }

    // Body encodings at the 7bit, 8bit and line-length edges

    @Test
    void aLineOfExactly998OctetsStaysSevenBitAnd999IsEncoded() throws Exception {
        Capabilities sevenBit = Caps.ehlo("PIPELINING");
        ComposedMessage at998 = compose(Cases.base().withText("a".repeat(998) + "\n"), sevenBit);
        ComposedMessage at999 = compose(Cases.base().withText("a".repeat(999) + "\n"), sevenBit);

        assertThat(encodingOf(at998)).isEqualTo("7bit");
        assertThat(at998.problems().all()).isEmpty();
        assertThat(encodingOf(at999)).isEqualTo("quoted-printable");
        assertThat(at999.problems().about(ENCODING)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("the text body goes as quoted-printable: a line is 999 octets and no line may exceed"
                        + " 998 unencoded"));
    }

    @Test
    void atExactly998OctetsTheReasonToEncodeIsTheNonAsciiTextNotTheLine() throws Exception {
        // "ü" is two octets: the line is 998 octets, which 8bit could carry, but the server offers no 8BITMIME.
        ComposedMessage m = compose(Cases.base().withText("ü" + "a".repeat(996) + "\n"), Caps.ehlo("PIPELINING"));

        assertThat(encodingOf(m)).isEqualTo("quoted-printable");
        assertThat(m.problems().about(ENCODING)).singleElement().satisfies(p -> assertThat(p.message())
                .endsWith("it has non-ASCII text and the server offers neither 8BITMIME nor SMTPUTF8"));
    }

    @Test
    void exactlyOneThirdNonAsciiStaysQuotedPrintableAndMoreGoesBase64() throws Exception {
        Capabilities sevenBit = Caps.ehlo("PIPELINING");

        // 6 octets, 2 of them non-ASCII; then 5 octets, 2 of them non-ASCII.
        assertThat(encodingOf(compose(Cases.base().withText("üabcd"), sevenBit))).isEqualTo("quoted-printable");
        assertThat(encodingOf(compose(Cases.base().withText("üabc"), sevenBit))).isEqualTo("base64");
    }

    @Test
    void theDecisionNamesTheExtensionThatAllows8bit() throws Exception {
        Draft german = Cases.base().withText("Grüße\n");

        assertThat(compose(german, Caps.ehlo("SMTPUTF8")).problems().about(ENCODING)).singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith("the server offers SMTPUTF8"));
        assertThat(compose(german, Caps.ehlo("8BITMIME")).problems().about(ENCODING)).singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith("the server offers 8BITMIME"));
    }

    @Test
    void aNulInTheTextIsNeverSentUnencoded() throws Exception {
        ComposedMessage m = compose(Cases.base().withText("a\0b\n"), Caps.modern());

        assertThat(encodingOf(m)).isEqualTo("quoted-printable");
        assertThat(m.problems().about(ENCODING)).singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith("it contains a NUL character"));
        assertThat(ParsedMessage.parse(m.file()).text()).isEqualTo("a\0b\r\n");
    }

    @Test
    void sevenBitAskedForPlainAsciiIsFineAndForALongLineOrANulBlocks() throws Exception {
        Draft.Options sevenBit = Draft.Options.defaults().withTransferEncoding(TransferEncoding.SEVEN_BIT);

        assertThat(check(withOptions(sevenBit), Caps.modern()).all()).isEmpty();
        assertThat(check(withOptions(sevenBit).withText("b".repeat(999)), Caps.modern()).all()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("7bit was asked", "999 octets"));
        assertThat(check(withOptions(sevenBit).withText("a\0b"), Caps.modern()).all()).singleElement()
                .satisfies(p -> {
                    assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING);
                    assertThat(p.message()).contains("NUL").doesNotContain("non-ASCII");
                });
    }

    @Test
    void eightBitAskedWithALineOfExactly998OctetsIsFine() {
        Draft.Options eightBit = Draft.Options.defaults().withTransferEncoding(TransferEncoding.EIGHT_BIT);

        assertThat(check(withOptions(eightBit).withText("ü" + "a".repeat(996)), Caps.modern()).all()).isEmpty();
        assertThat(check(withOptions(eightBit).withText("ü" + "a".repeat(997)), Caps.modern()).all())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("999 octets"));
    }

    // Size and what blocks

    @Test
    void aMessageOfExactlyTheServersSizeLimitMayBeSent() throws Exception {
        ComposedMessage probe = compose(Cases.base(), null);
        long size = probe.size();

        ComposedMessage atLimit = compose(Cases.base(), Caps.ehlo("SIZE " + size));
        ComposedMessage over = compose(Cases.base(), Caps.ehlo("SIZE " + (size - 1)));

        assertThat(size).isEqualTo(Files.size(probe.file()));
        assertThat(atLimit.size()).isEqualTo(size);
        assertThat(atLimit.problems().all()).isEmpty();
        assertThat(over.problems().of(Problem.Severity.BLOCKING)).singleElement().hasToString(
                "BLOCKING size: the message is " + size + " bytes and the server's SIZE limit is " + (size - 1)
                        + " bytes (RFC 1870)");
        assertThat(over.problems().blocksSending()).isTrue();
    }

    @Test
    void problemsOfOneSeverityAreOnlyThoseAndOnlyBlockingOrInvalidOnesBlock() throws Exception {
        ComposedMessage m = compose(Cases.base().withText("Grüße\n").withTo("a@example.com, b@example.com")
                .withOptions(Draft.Options.defaults().withDsn("FAILURE", "", "")), Caps.ehlo("LIMITS RCPTMAX=1"));

        assertThat(m.problems().of(Problem.Severity.WARNING)).extracting(Problem::field)
                .containsExactly("options.dsnNotify", "recipients");
        assertThat(m.problems().of(Problem.Severity.INFO)).extracting(Problem::field).containsExactly(ENCODING);
        assertThat(m.problems().blocksSending()).isFalse();
    }

    // The session's front door: the factory composes for the connected server and refuses what cannot go

    @Test
    void theFactoryFillsTheRequestAndKeepsItsTransferAndChunkSize() {
        SendRequest request = SendRequest.defaults().with(b -> b.transfer(SendRequest.Transfer.DATA).chunkSize(777));
        Draft d = Cases.base().withOptions(Draft.Options.defaults().withTransfer(SendRequest.Transfer.BDAT, 4096));

        SendRequest r = composer.factoryFor(d).compose(request, Caps.modern());

        assertThat(r.from()).isEqualTo("alice@example.com");
        assertThat(r.to()).containsExactly("bob@example.com");
        assertThat(r.transfer()).isEqualTo(SendRequest.Transfer.DATA);
        assertThat(r.chunkSize()).isEqualTo(777);
        assertThat(r.message().size()).isPositive();
    }

    @Test
    void theFactoryRefusesAMessageThatCannotGoToThisServerNamingWhy() {
        Draft d = Cases.germanLocalPart().draft();

        SmtpException e = catchThrowableOfType(SmtpException.class,
                () -> composer.factoryFor(d).compose(SendRequest.defaults(), Caps.noSmtpUtf8()));

        assertThat(e.failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
        assertThat(e.getMessage()).startsWith("the message cannot go to this server: münchen@example.de has a"
                + " non-ASCII local part");
        assertThat(composer.factoryFor(d).compose(SendRequest.defaults(), Caps.modern()).to())
                .containsExactly("münchen@example.de");
    }

    @Test
    void theFactoryRefusesADraftThatCannotBeComposed() {
        SmtpException e = catchThrowableOfType(SmtpException.class,
                () -> composer.factoryFor(Draft.empty()).compose(SendRequest.defaults(), Caps.modern()));

        assertThat(e.failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
        assertThat(e.getMessage()).startsWith("the message cannot be composed: from: a message needs one author");
    }
}
