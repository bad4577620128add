package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.engine.BodyType;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.transport.SendRequest;

class MessageComposerTest {
    private static final Instant NOW = Instant.parse("2025-03-14T15:09:26Z");
    private final MessageComposer composer = new MessageComposer(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    static Stream<Cases.Case> cases() throws IOException {
        return Cases.all(shared).stream();
    }

    private ComposedMessage compose(Draft d, Capabilities caps) throws Exception {
        return composer.compose(d, caps, Files.createTempFile(dir, "msg", ".eml"));
    }

    /** The header section of a written message, as text. */
    private static String headers(ComposedMessage m) throws IOException {
        String all = new String(Files.readAllBytes(m.file()), StandardCharsets.ISO_8859_1);
        byte[] head = all.substring(0, all.indexOf("\r\n\r\n") + 2).getBytes(StandardCharsets.ISO_8859_1);
        return new String(head, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseParsesBackToWhatWasTyped(Cases.Case c) throws Exception {
        ComposedMessage m = compose(c.draft(), Caps.modern());

        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(m.problems().blocksSending()).as(m.problems().toString()).isFalse();
        assertThat(back.subject()).isEqualTo(c.draft().subject());
        assertThat(back.from()).containsExactly(Cases.FROM);
        assertThat(back.to()).isEqualTo(c.expectedTo());
        assertThat(back.text()).isEqualTo(c.expectedText());
        for (Draft.Attachment a : c.draft().attachments()) {
            try (InputStream in = Files.newInputStream(a.path())) {
                assertThat(back.attachmentDigests()).containsEntry(a.path().getFileName().toString(),
                        ParsedMessage.sha256(in));
            }
        }
        assertThat(m.source().traits().longestLine()).isLessThanOrEqualTo(998);
    }

    @Test
    void bccIsOnlyInTheEnvelopeAndRecipientsGoOnce() throws Exception {
        Draft d = Cases.base().withTo("Bob <bob@example.com>, carol@example.com")
                .withCc("dave@example.com, bob@EXAMPLE.com").withBcc("secret@example.com, carol@example.com");

        ComposedMessage m = compose(d, Caps.modern());

        String raw = Files.readString(m.file(), StandardCharsets.UTF_8);
        // No Bcc field (a random Message-ID may well hold the letters "bcc"), and the Bcc address nowhere.
        assertThat(raw).doesNotContainPattern("(?im)^bcc:").doesNotContain("secret@example.com");
        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(back.to()).containsExactly("Bob <bob@example.com>", "carol@example.com");
        assertThat(back.cc()).containsExactly("dave@example.com", "bob@EXAMPLE.com");
        assertThat(m.envelope().mailFrom()).isEqualTo("alice@example.com");
        assertThat(m.envelope().recipients()).containsExactly("bob@example.com", "carol@example.com",
                "dave@example.com", "secret@example.com");
    }

    @Test
    void withoutSmtpUtf8AnIdnDomainBecomesItsALabelEverywhere() throws Exception {
        Draft d = Cases.base().withTo("Jörg <info@münchen.de>").withCc("info@例子.中国")
                .withSubject("Grüße aus München");

        ComposedMessage m = compose(d, Caps.noSmtpUtf8());

        assertThat(m.problems().blocksSending()).isFalse();
        assertThat(m.envelope().smtpUtf8()).isFalse();
        assertThat(m.envelope().recipients()).containsExactly("info@xn--mnchen-3ya.de", "info@xn--fsqu00a.xn--fiqs8s");
        String headers = headers(m);
        assertThat(AddressAnalysis.isAscii(headers)).as(headers).isTrue();
        assertThat(headers).contains("To: =?UTF-8?Q?J=C3=B6rg?= <info@xn--mnchen-3ya.de>")
                .contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=");
        assertThat(ParsedMessage.parse(m.file()).subject()).isEqualTo("Grüße aus München");
        assertThat(m.problems().about("to")).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.INFO);
            assertThat(p.message()).contains("info@xn--mnchen-3ya.de", "A-label");
        });
        assertThat(m.source().traits().eightBit()).isFalse();
    }

    @Test
    void withoutSmtpUtf8ANonAsciiLocalPartBlocksWithAnExplanation() throws Exception {
        ComposedMessage german = compose(Cases.germanLocalPart().draft(), Caps.noSmtpUtf8());
        ComposedMessage chinese = compose(Cases.chineseAddress().draft(), Caps.noSmtpUtf8());

        for (ComposedMessage m : List.of(german, chinese)) {
            assertThat(m.problems().blocksSending()).isTrue();
            assertThat(m.problems().of(Problem.Severity.BLOCKING)).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("to");
                assertThat(p.message()).contains("non-ASCII local part", "SMTPUTF8",
                        "the server does not offer SMTPUTF8", "cannot be downgraded");
            });
        }
    }

    @Test
    void smtpUtf8TurnedOffBlocksANonAsciiLocalPartEvenWhenOffered() throws Exception {
        Draft d = Cases.germanLocalPart().draft().withOptions(Draft.Options.defaults()
                .withSmtpUtf8(SendRequest.Toggle.OFF));

        ComposedMessage m = compose(d, Caps.modern());

        assertThat(m.problems().of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("SMTPUTF8 is turned off"));
    }

    @Test
    void withSmtpUtf8HeadersAreRawUtf8AndAddressesStayAsTyped() throws Exception {
        Draft d = Cases.chineseAddress().draft().withSubject("你好");

        ComposedMessage m = compose(d, Caps.modern());

        assertThat(m.envelope().smtpUtf8()).isTrue();
        assertThat(m.envelope().recipients()).containsExactly("用户@例子.中国");
        assertThat(headers(m)).contains("Subject: 你好").contains("用户@例子.中国").doesNotContain("=?UTF-8?");
        assertThat(m.source().traits().nonAsciiHeaders()).isTrue();
    }

    @Test
    void aNonAsciiSubjectAloneDoesNotTurnSmtpUtf8On() throws Exception {
        ComposedMessage m = compose(Cases.utf8Subject().draft(), Caps.modern());

        assertThat(m.envelope().smtpUtf8()).isFalse();
        assertThat(headers(m)).contains("Subject: =?UTF-8?");
        assertThat(m.source().traits().nonAsciiHeaders()).isFalse();
    }

    @Test
    void anUnknownServerGetsSevenBitSafeOutput() throws Exception {
        Draft d = Cases.base().withSubject("Grüße").withText("Grüße aus München\n");

        ComposedMessage m = compose(d, null);

        assertThat(m.source().traits().eightBit()).isFalse();
        assertThat(encodingOf(m)).isEqualTo("quoted-printable");
        assertThat(m.problems().of(Problem.Severity.INFO)).anySatisfy(p ->
                assertThat(p.message()).contains("not known yet"));
    }

    @Test
    void anUnknownServerWithANonAsciiLocalPartComposesForSmtpUtf8AndWarns() throws Exception {
        ComposedMessage m = compose(Cases.germanLocalPart().draft(), null);

        assertThat(m.envelope().smtpUtf8()).isTrue();
        assertThat(m.problems().blocksSending()).isFalse();
        assertThat(m.problems().about("options.smtpUtf8")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING));
    }

    @Test
    void bodyEncodingFollowsTheTextAndTheServer() throws Exception {
        Capabilities eightBit = Caps.ehlo("8BITMIME");
        Capabilities sevenBit = Caps.ehlo("PIPELINING");
        String german = "Grüße aus München\n";
        String japanese = "報告書を送ります。よろしくお願いします。\n";
        String longAscii = "x".repeat(1200) + "\n";

        assertThat(encodingOf(compose(Cases.base(), sevenBit))).isEqualTo("7bit");
        assertThat(encodingOf(compose(Cases.base().withText(german), eightBit))).isEqualTo("8bit");
        assertThat(encodingOf(compose(Cases.base().withText(german), Caps.ehlo("SMTPUTF8")))).isEqualTo("8bit");
        assertThat(encodingOf(compose(Cases.base().withText(german), sevenBit))).isEqualTo("quoted-printable");
        assertThat(encodingOf(compose(Cases.base().withText(japanese), sevenBit))).isEqualTo("base64");
        assertThat(encodingOf(compose(Cases.base().withText(longAscii), eightBit))).isEqualTo("quoted-printable");
        assertThat(encodingOf(compose(Cases.base().withText(japanese.repeat(40).replace("\n", "")), eightBit)))
                .isEqualTo("base64");
    }

    @Test
    void aMultipartIsLabelledWithThe8bitInsideIt() throws Exception {
        Path file = Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        Draft d = Cases.base().withText("Grüße\n").withAttachments(List.of(Draft.Attachment.of(file)));

        ComposedMessage m = compose(d, Caps.ehlo("8BITMIME"));

        assertThat(encodingOf(m)).isEqualTo("8bit");
        assertThat(m.bodyType()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThat(ParsedMessage.parse(m.file()).text()).isEqualTo("Grüße\r\n");
    }

    @Test
    void aLineOver998OctetsNeverGoesOutUnencoded() throws Exception {
        String text = "a".repeat(998) + "\n" + "b".repeat(999) + "\n" + "ü".repeat(600) + "\n";
        for (Capabilities caps : new Capabilities[] {null, Caps.modern(), Caps.ehlo("8BITMIME")}) {
            ComposedMessage m = compose(Cases.base().withText(text), caps);

            assertThat(m.source().traits().longestLine()).isLessThanOrEqualTo(998);
            assertThat(ParsedMessage.parse(m.file()).text()).isEqualTo(Cases.crlf(text));
        }
    }

    @Test
    void anOverrideIsUsedAsAsked() throws Exception {
        Draft d = Cases.base().withOptions(Draft.Options.defaults().withTransferEncoding(TransferEncoding.BASE64));

        ComposedMessage m = compose(d, Caps.modern());

        assertThat(encodingOf(m)).isEqualTo("base64");
        assertThat(ParsedMessage.parse(m.file()).text()).isEqualTo(Cases.crlf(Cases.TEXT));
    }

    @Test
    void anOverrideThatCannotBeRightBlocks() throws Exception {
        Draft.Options o = Draft.Options.defaults();
        Draft german = Cases.base().withText("Grüße\n");

        assertThat(compose(german.withOptions(o.withTransferEncoding(TransferEncoding.SEVEN_BIT)), Caps.modern())
                .problems().of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("7bit", "non-ASCII"));
        assertThat(compose(Cases.longLine().draft().withOptions(o.withTransferEncoding(TransferEncoding.EIGHT_BIT)),
                Caps.modern()).problems().of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1500 octets"));
        assertThat(compose(german.withOptions(o.withTransferEncoding(TransferEncoding.EIGHT_BIT)),
                Caps.ehlo("PIPELINING")).problems().of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("neither 8BITMIME nor SMTPUTF8"));
        assertThat(compose(german.withOptions(o.withTransferEncoding(TransferEncoding.BINARY)),
                Caps.ehlo("8BITMIME", "CHUNKING")).problems().of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not offer BINARYMIME"));
        assertThat(compose(german.withOptions(o.withTransferEncoding(TransferEncoding.BINARY)
                .withTransfer(SendRequest.Transfer.DATA, 1000)), Caps.modern()).problems()
                .of(Problem.Severity.BLOCKING)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("only be sent with BDAT"));
    }

    @Test
    void binaryWhenAskedAndOfferedSendsEveryPartUnencoded() throws Exception {
        Path file = dir.resolve("data.bin");
        Files.write(file, Cases.randomBytes(3000, 1));
        Draft d = Cases.longLine().draft().withAttachments(List.of(Draft.Attachment.of(file)))
                .withOptions(Draft.Options.defaults().withTransferEncoding(TransferEncoding.BINARY));

        ComposedMessage m = compose(d, Caps.modern());

        assertThat(m.problems().blocksSending()).isFalse();
        assertThat(m.bodyType()).isEqualTo(BodyType.BINARY_MIME);
        assertThat(headers(m)).contains("Content-Transfer-Encoding: binary");
        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(back.text()).isEqualTo(Cases.longLine().expectedText());
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(back.attachmentDigests()).containsEntry("data.bin", ParsedMessage.sha256(in));
        }
        SendRequest r = m.applyTo(SendRequest.defaults());
        assertThat(r.body()).isEqualTo(SendRequest.Body.BINARY_MIME);
    }

    @Test
    void aJapaneseFileNameIsAnRfc2231ParameterNotAnEncodedWord() throws Exception {
        Cases.Case c = Cases.japaneseFileName(dir);
        for (Capabilities caps : new Capabilities[] {null, Caps.modern()}) {
            ComposedMessage m = compose(c.draft(), caps);

            String raw = Files.readString(m.file(), StandardCharsets.UTF_8);
            assertThat(raw).contains("filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf")
                    .contains("name*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf").doesNotContain("=?UTF-8?B?5aCx")
                    .doesNotContain("報告書");
            assertThat(ParsedMessage.parse(m.file()).attachmentTypes()).containsOnlyKeys("報告書.pdf")
                    .hasEntrySatisfying("報告書.pdf", t -> assertThat(t).startsWith("application/pdf"));
        }
    }

    @Test
    void contentTypesAreDetectedWithAFallback() throws Exception {
        assertThat(ContentTypes.byExtension("Report.PDF")).isEqualTo("application/pdf");
        assertThat(ContentTypes.byExtension("photo.jpeg")).isEqualTo("image/jpeg");
        assertThat(ContentTypes.byExtension("noextension")).isEqualTo(ContentTypes.FALLBACK);
        assertThat(ContentTypes.byExtension("strange.qqq")).isEqualTo(ContentTypes.FALLBACK);
        Path docx = dir.resolve("letter.docx");
        Files.write(docx, new byte[] {1});
        assertThat(ContentTypes.detect(docx)).isEqualTo(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        Path eml = dir.resolve("forwarded.eml");
        Files.write(eml, new byte[] {1});
        assertThat(ContentTypes.detect(eml)).as("message/rfc822 cannot be base64-encoded")
                .doesNotStartWith("message/");
    }

    @Test
    void inlineImagesGoInMultipartRelatedWithTheirContentId() throws Exception {
        Path png = dir.resolve("logo.png");
        Files.write(png, Cases.randomBytes(500, 2));
        Path pdf = dir.resolve("doc.pdf");
        Files.write(pdf, Cases.randomBytes(500, 3));
        Draft d = Cases.base().withHtml("<p>Hi <img src=\"cid:logo@example.com\"></p>\n")
                .withAttachments(List.of(Draft.Attachment.inline(png, "logo@example.com"), Draft.Attachment.of(pdf)));

        ComposedMessage m = compose(d, Caps.modern());

        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(back.message().getContentType()).startsWith("multipart/mixed");
        Multipart mixed = (Multipart) back.message().getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        MimeBodyPart relatedPart = (MimeBodyPart) alternative.getBodyPart(1);
        assertThat(relatedPart.getContentType()).startsWith("multipart/related").contains("type=\"text/html\"");
        Multipart related = (Multipart) relatedPart.getContent();
        assertThat(related.getBodyPart(0).getContentType()).startsWith("text/html");
        assertThat(((MimeBodyPart) related.getBodyPart(1)).getContentID()).isEqualTo("<logo@example.com>");
        assertThat(related.getBodyPart(1).getDisposition()).isEqualTo("inline");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("doc.pdf");
        assertThat(back.text()).isEqualTo(Cases.crlf(Cases.TEXT));
        assertThat(back.html()).isEqualTo("<p>Hi <img src=\"cid:logo@example.com\"></p>\r\n");
        assertThat(m.problems().all()).isEmpty();
    }

    @Test
    void aMessageOverTheServersSizeLimitBlocks() throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, Cases.randomBytes(5000, 4));
        Draft d = Cases.base().withAttachments(List.of(Draft.Attachment.of(file)));

        ComposedMessage m = compose(d, Caps.ehlo("SIZE 4000"));

        assertThat(m.problems().about("size")).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING);
            assertThat(p.message()).contains(m.size() + " bytes", "4000");
        });
        assertThat(compose(d, Caps.ehlo("SIZE 100000")).problems().about("size")).isEmpty();
    }

    @Test
    void moreRecipientsThanRcptMaxIsAWarningAndTheEnvelopeSplitsThem() throws Exception {
        Draft d = Cases.base().withTo("a@example.com, b@example.com, c@example.com").withCc("d@example.com")
                .withBcc("e@example.com");
        Capabilities caps = Caps.ehlo("LIMITS RCPTMAX=2 MAILMAX=10");

        ComposedMessage m = compose(d, caps);

        assertThat(m.problems().blocksSending()).isFalse();
        assertThat(m.problems().about("recipients")).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("5 recipients", "RCPTMAX is 2", "3 transactions");
        });
        assertThat(m.envelope().batches(caps)).containsExactly(List.of("a@example.com", "b@example.com"),
                List.of("c@example.com", "d@example.com"), List.of("e@example.com"));
        assertThat(m.envelope().batches(null)).hasSize(1);
    }

    @Test
    void anInvalidDraftNamesEachFieldAndItsRule() throws Exception {
        Draft d = Draft.empty().withFrom("alice@example.com").withTo("bob@, ok@example.com")
                .withCc("carol@exa_mple.com").withHeaders(List.of(new Draft.Header("Bad Name", "x"),
                        new Draft.Header("Bcc", "x@example.com"), new Draft.Header("X-Ok", "a\nb")))
                .withAttachments(List.of(Draft.Attachment.of(dir.resolve("missing.pdf")),
                        new Draft.Attachment(Files.writeString(dir.resolve("a.txt"), "a"), "nonsense", false, "")))
                .withOptions(new Draft.Options(TransferEncoding.AUTO, SendRequest.Toggle.AUTO, "SOMETIMES", "ALL",
                        "", false, SendRequest.Transfer.AUTO, -1));

        InvalidDraftException e = catchThrowableOfType(InvalidDraftException.class,
                () -> compose(d, Caps.modern()));

        assertThat(e.problems().of(Problem.Severity.INVALID)).extracting(Problem::field).containsExactly("to",
                "cc", "headers[0].name", "headers[1].name", "headers[2].value", "attachments[0]",
                "attachments[1].contentType", "options.chunkSize", "options.dsnNotify", "options.dsnRet");
        assertThat(e.problems().about("to").get(0).message()).contains("\"bob@\"", "missing domain");
        assertThat(e.problems().about("cc").get(0).message()).contains("exa_mple.com", "illegal character");
        assertThat(e.problems().about("headers[1].name").get(0).message()).contains("envelope only");
        assertThat(e.getMessage()).contains("options.chunkSize: cannot be negative (0 lets the plan choose), not -1");
        assertThat(composer.check(d, Caps.modern()).hasInvalid()).isTrue();
    }

    @Test
    void aDraftNeedsOneAuthorAndARecipient() {
        assertThatThrownBy(() -> compose(Draft.empty(), null)).isInstanceOf(InvalidDraftException.class)
                .hasMessageContaining("from: a message needs one author address")
                .hasMessageContaining("to: give at least one recipient in To, Cc or Bcc");
        assertThatThrownBy(() -> compose(Cases.base().withFrom("a@example.com, b@example.com"), null))
                .hasMessageContaining("from: give one address");
    }

    @Test
    void anInlinePartNeedsAContentIdTheHtmlCanUse() throws Exception {
        Path png = Files.write(dir.resolve("x.png"), new byte[] {1});
        Draft noId = Cases.base().withHtml("<p>x</p>").withAttachments(List.of(Draft.Attachment.inline(png, "")));
        Draft badId = noId.withAttachments(List.of(Draft.Attachment.inline(png, "has space@x")));
        Draft unused = noId.withAttachments(List.of(Draft.Attachment.inline(png, "x@example.com")));

        assertThat(composer.check(noId, null).about("attachments[0].contentId")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.INVALID));
        assertThat(composer.check(badId, null).about("attachments[0].contentId")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("left@right"));
        assertThat(composer.check(unused, null).about("attachments[0].contentId")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING));
    }

    @Test
    void dateAndMessageIdAreSetAndCanBeGivenInstead() throws Exception {
        ComposedMessage m = compose(Cases.base(), null);

        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(back.message().getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(back.message().getMessageID()).matches("<[0-9a-f-]{36}@example\\.com>");

        ComposedMessage given = compose(Cases.base().withHeaders(List.of(
                new Draft.Header("Message-ID", "<fixed@example.com>"),
                new Draft.Header("Date", "Mon, 1 Jan 2024 00:00:00 +0000"))), null);
        ParsedMessage back2 = ParsedMessage.parse(given.file());
        assertThat(back2.message().getHeader("Message-ID")).containsExactly("<fixed@example.com>");
        assertThat(back2.message().getHeader("Date")).containsExactly("Mon, 1 Jan 2024 00:00:00 +0000");
    }

    @Test
    void customHeadersAreKeptAndEncodedWithoutSmtpUtf8() throws Exception {
        Draft d = Cases.base().withHeaders(List.of(new Draft.Header("X-Note", "Grüße"),
                new Draft.Header("X-Ascii", "plain value")));

        ComposedMessage m = compose(d, Caps.noSmtpUtf8());

        assertThat(headers(m)).contains("X-Note: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=").contains("X-Ascii: plain value");
        String note = ParsedMessage.parse(m.file()).message().getHeader("X-Note")[0];
        assertThat(MimeUtility.decodeText(note)).isEqualTo("Grüße");
    }

    @Test
    void aHeaderLineThatCannotBeFoldedBlocks() throws Exception {
        Draft d = Cases.base().withHeaders(List.of(new Draft.Header("X-Long", "y".repeat(1200))));

        ComposedMessage m = compose(d, Caps.modern());

        assertThat(m.problems().about("headers")).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING);
            assertThat(p.message()).startsWith("X-Long: a line of 1208 octets");
        });
        assertThat(compose(Cases.base().withSubject("z".repeat(1000)), null).problems().about("subject"))
                .singleElement().satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING));
    }

    @Test
    void applyToFillsTheEnvelopeMessageAndOptions() throws Exception {
        Draft d = Cases.idnDomain().draft().withOptions(Draft.Options.defaults()
                .withDsn("success, failure", "hdrs", "env-1").withRequireTls(true)
                .withTransfer(SendRequest.Transfer.BDAT, 4096));

        ComposedMessage m = compose(d, Caps.noSmtpUtf8());
        SendRequest r = m.applyTo(SendRequest.defaults());

        assertThat(r.from()).isEqualTo("alice@example.com");
        assertThat(r.to()).containsExactly("info@xn--fsqu00a.xn--fiqs8s");
        assertThat(r.message().size()).isEqualTo(Files.size(m.file()));
        assertThat(r.transfer()).isEqualTo(SendRequest.Transfer.BDAT);
        assertThat(r.chunkSize()).isEqualTo(4096);
        assertThat(r.dsnNotify()).isEqualTo("success, failure");
        assertThat(r.dsnRet()).isEqualTo("hdrs");
        assertThat(r.envid()).isEqualTo("env-1");
        assertThat(r.requireTls()).isTrue();
        assertThat(r.body()).isEqualTo(SendRequest.Body.AUTO);
        assertThat(m.problems().about("options.requireTls")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING));
        assertThat(m.problems().about("options.dsnNotify")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not offer DSN"));
    }

    @Test
    void exportCopiesTheMessageByteForByte() throws Exception {
        ComposedMessage m = compose(Cases.chineseAddress().draft(), Caps.modern());
        Path out = dir.resolve("export.eml");

        m.exportTo(out);

        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(m.file()));
    }

    private static String encodingOf(ComposedMessage m) throws Exception {
        return ParsedMessage.parse(m.file()).message().getEncoding();
    }
}
