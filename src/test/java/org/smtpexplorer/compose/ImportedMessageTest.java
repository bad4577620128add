package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedMessageTest {
    /** Folded and encoded headers, a raw UTF-8 header, QP Latin-1 text, HTML, an RFC 2231 name, a hostile name. */
    static final String EML = String.join("\r\n",
            "Return-Path: <alice@example.com>",
            "From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.com>",
            "To: Bob <bob@example.com>,",
            " carol@example.com",
            "Cc: \"Doe, John\" <john@example.com>, 用户@例子.中国",
            "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus",
            " =?UTF-8?Q?M=C3=BCnchen?=",
            "Date: Mon, 1 Jan 2024 00:00:00 +0000",
            "Message-ID: <original@example.com>",
            "X-Mailer: hand-written",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b1\"",
            "",
            "--b1",
            "Content-Type: multipart/alternative; boundary=\"b2\"",
            "",
            "--b2",
            "Content-Type: text/plain; charset=ISO-8859-1",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Gr=FC=DFe",
            ".dot line",
            "--b2",
            "Content-Type: text/html; charset=UTF-8",
            "",
            "<p>Hi</p>",
            "--b2--",
            "--b1",
            "Content-Type: application/pdf",
            "Content-Disposition: attachment; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "AQIDBA==",
            "--b1",
            "Content-Type: text/plain",
            "Content-Disposition: attachment; filename=\"../../evil.sh\"",
            "",
            "rm -rf /",
            "--b1--",
            "");

    @TempDir
    Path dir;

    @Test
    void showsHeadersBodiesAndAttachments() throws Exception {
        Path file = Files.write(dir.resolve("in.eml"), EML.getBytes(StandardCharsets.UTF_8));

        ImportedMessage m = ImportedMessage.read(file);

        assertThat(m.subject()).isEqualTo("Grüße aus München");
        assertThat(m.from()).isEqualTo("Jörg <jorg@example.com>");
        assertThat(m.to()).isEqualTo("Bob <bob@example.com>, carol@example.com");
        assertThat(m.cc()).isEqualTo("\"Doe, John\" <john@example.com>, 用户@例子.中国");
        assertThat(m.text()).isEqualTo("Grüße\r\n.dot line");
        assertThat(m.html()).isEqualTo("<p>Hi</p>");
        assertThat(m.attachments()).containsExactly(
                new ImportedPart("報告書.pdf", "application/pdf", 4, false, ""),
                new ImportedPart("../../evil.sh", "text/plain", 8, false, ""));
        assertThat(m.headers()).extracting(Draft.Header::name).startsWith("Return-Path", "From", "To", "Cc",
                "Subject");
        assertThat(m.headers()).contains(new Draft.Header("To", "Bob <bob@example.com>, carol@example.com"));
        assertThat(m.problems()).isEmpty();
        assertThat(m.envelope().mailFrom()).isEqualTo("jorg@example.com");
        assertThat(m.envelope().recipients()).containsExactly("bob@example.com", "carol@example.com",
                "john@example.com", "用户@例子.中国");
        assertThat(m.envelope().smtpUtf8()).isTrue();
    }

    @Test
    void itsSourceIsTheFileByteForByte() throws Exception {
        Path file = Files.write(dir.resolve("in.eml"), EML.getBytes(StandardCharsets.UTF_8));

        try (InputStream in = ImportedMessage.read(file).source().open()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void asADraftItsAttachmentsAreSavedInsideTheFolderAndItComposesAgain() throws Exception {
        Path file = Files.write(dir.resolve("in.eml"), EML.getBytes(StandardCharsets.UTF_8));
        Path folder = dir.resolve("attachments");

        Draft d = ImportedMessage.read(file).toDraft(folder);

        assertThat(d.subject()).isEqualTo("Grüße aus München");
        assertThat(d.to()).isEqualTo("Bob <bob@example.com>, carol@example.com");
        assertThat(d.headers()).extracting(Draft.Header::name).containsExactly("Return-Path", "X-Mailer");
        assertThat(d.attachments()).extracting(a -> a.path().getParent()).containsOnly(folder);
        assertThat(d.attachments()).extracting(a -> a.path().getFileName().toString())
                .containsExactly("報告書.pdf", ".._.._evil.sh");
        assertThat(Files.readAllBytes(d.attachments().get(0).path())).containsExactly(1, 2, 3, 4);
        ComposedMessage again = new MessageComposer().compose(d, Caps.modern(), dir.resolve("again.eml"));
        ParsedMessage back = ParsedMessage.parse(again.file());
        assertThat(back.subject()).isEqualTo("Grüße aus München");
        assertThat(back.text()).isEqualTo("Grüße\r\n.dot line");
        assertThat(back.attachmentDigests()).containsOnlyKeys("報告書.pdf", ".._.._evil.sh");
        assertThat(back.message().getMessageID()).isNotEqualTo("<original@example.com>");
    }

    @Test
    void anUnknownCharsetIsShownAsUtf8WithAWarning() throws Exception {
        Path file = Files.writeString(dir.resolve("odd.eml"), "Subject: odd\r\nContent-Type: text/plain;"
                + " charset=x-no-such-charset\r\n\r\nhello\r\n");

        ImportedMessage m = ImportedMessage.read(file);

        assertThat(m.text()).isEqualTo("hello\r\n");
        assertThat(m.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("charset"));
    }

    @Test
    void aComposedMessageImportsToTheSameFields() throws Exception {
        Cases.Case c = Cases.japaneseFileName(dir);
        ComposedMessage composed = new MessageComposer().compose(c.draft().withCc("用户@例子.中国")
                .withBcc("hidden@example.com"), Caps.modern(), dir.resolve("c.eml"));

        ImportedMessage m = ImportedMessage.read(composed.file());

        assertThat(m.from()).isEqualTo(Cases.FROM);
        assertThat(m.cc()).isEqualTo("用户@例子.中国");
        assertThat(m.bcc()).isEmpty();
        assertThat(m.text()).isEqualTo(c.expectedText());
        assertThat(m.attachments()).extracting(ImportedPart::fileName).isEqualTo(List.of("報告書.pdf"));
    }

    /** Parts without names, a broken Content-Type, an inline image with a Content-ID, and names used twice. */
    static final String PARTS = String.join("\r\n",
            "From: =?UTF-8?Q?Bob_=28work?= <bob@example.com>",
            "To: a@example.com",
            "Cc: a@example.com, b@example.com",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b1\"",
            "",
            "--b1",
            "Content-Type: text/plain",
            "",
            "hi",
            "--b1",
            "Content-Type: image/png",
            "Content-Transfer-Encoding: base64",
            "",
            "AQID",
            "--b1",
            "Content-Type: ;;;broken",
            "",
            "xyz",
            "--b1",
            "Content-Type: image/png",
            "Content-Disposition: inline",
            "Content-ID: <logo@example.com>",
            "Content-Transfer-Encoding: base64",
            "",
            "AQID",
            "--b1",
            "Content-Type: application/pdf; name=a.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "AQID",
            "--b1",
            "Content-Type: application/pdf; name=a.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "AQIE",
            "--b1",
            "Content-Type: application/pdf; name=a.pdf",
            "Content-Transfer-Encoding: base64",
            "",
            "AQIF",
            "--b1",
            "Content-Type: text/plain; name=.profile",
            "",
            "one",
            "--b1",
            "Content-Type: text/plain; name=.profile",
            "",
            "two",
            "--b1--",
            "");

    @Test
    void unnamedPartsAreNamedByTheirTypeAndAnInlinePartKeepsItsContentId() throws Exception {
        Path file = Files.writeString(dir.resolve("parts.eml"), PARTS);

        ImportedMessage m = ImportedMessage.read(file);

        assertThat(m.attachments()).extracting(ImportedPart::fileName).startsWith("part1.png", "part2.bin");
        assertThat(m.attachments().get(1).contentType()).as("a Content-Type that cannot be parsed")
                .isEqualTo("application/octet-stream");
        assertThat(m.attachments().get(2)).isEqualTo(
                new ImportedPart("part3.png", "image/png", 3, true, "logo@example.com"));
        assertThat(m.problems()).isEmpty();
    }

    @Test
    void attachmentsWithTheSameNameAreSavedSideBySide() throws Exception {
        Path file = Files.writeString(dir.resolve("parts.eml"), PARTS);
        Path folder = dir.resolve("attachments");

        Draft d = ImportedMessage.read(file).toDraft(folder);

        assertThat(d.attachments()).extracting(a -> a.path().getFileName().toString()).containsExactly(
                "part1.png", "part2.bin", "part3.png", "a.pdf", "a (2).pdf", "a (3).pdf", ".profile", ".profile (2)");
        assertThat(Files.readAllBytes(folder.resolve("a (3).pdf"))).containsExactly(1, 2, 5);
        assertThat(folder.resolve(".profile (2)")).hasContent("two");
        assertThat(d.attachments().get(2).contentId()).isEqualTo("logo@example.com");
    }

    @Test
    void aNameWithAnUnbalancedParenthesisIsQuotedSoItReadsBackTheSame() throws Exception {
        Path file = Files.writeString(dir.resolve("parts.eml"), PARTS);

        ImportedMessage m = ImportedMessage.read(file);

        assertThat(m.from()).isEqualTo("\"Bob (work\" <bob@example.com>");
        assertThat(AddressAnalysis.analyse(m.from()).displayName()).isEqualTo("Bob (work");
    }

    @Test
    void theEnvelopeNamesEachRecipientOnceAndNeedsSmtpUtf8OnlyForNonAsciiAddresses() throws Exception {
        Path ascii = Files.writeString(dir.resolve("parts.eml"), PARTS);
        Path utf8From = Files.writeString(dir.resolve("utf8.eml"), "From: j\u00f6rg@example.com\r\n"
                + "To: bob@example.com\r\nSubject: x\r\n\r\nbody\r\n", StandardCharsets.UTF_8);

        Envelope e = ImportedMessage.read(ascii).envelope();

        assertThat(e.mailFrom()).isEqualTo("bob@example.com");
        assertThat(e.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(e.smtpUtf8()).isFalse();
        assertThat(ImportedMessage.read(utf8From).envelope().smtpUtf8()).isTrue();
    }
}
