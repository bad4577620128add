package org.smtpexplorer.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.compose.ComposedMessage;
import org.smtpexplorer.compose.Draft;
import org.smtpexplorer.compose.MessageComposer;
import org.smtpexplorer.engine.Capabilities;

class MessageTreeTest {
    @TempDir
    Path dir;

    /** Text blocks are written with LF; a message has CRLF lines. */
    private static byte[] crlf(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static MessageTree tree(byte[] message) throws IOException {
        return MessageTree.read(message, "test", () -> false);
    }

    private static final String NESTED = """
            From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.com>
            To: bob@example.org
            Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?4pyTIOS4reaWhw==?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            This is a multi-part message in MIME format.
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: 8bit

            Grüße aus 東京
            --inner
            Content-Type: text/html; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            <p>Gr=C3=BC=C3=9Fe</p>
            --inner--
            --outer
            Content-Type: application/pdf; name*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf
            Content-Disposition: attachment; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf
            Content-Transfer-Encoding: base64
            Content-ID: <report@example.com>

            JVBERi0xLjQKJcfsj6IK
            --outer
            Content-Type: message/rfc822

            From: carol@example.net
            Subject: =?UTF-8?Q?Fwd=3A_=E2=82=AC_price?=
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9
            --outer--
            epilogue
            """;

    @Test
    void aNestedMessageGivesItsWholeTree() throws Exception {
        MessageTree t = tree(crlf(NESTED));
        MimeNode root = t.root();
        assertThat(root.contentType()).isEqualTo("multipart/mixed");
        assertThat(root.kind()).isEqualTo(MimeNode.Kind.MULTIPART);
        assertThat(root.boundary()).isEqualTo("outer");
        assertThat(root.problems()).isEmpty();
        assertThat(t.nodes()).extracting(MimeNode::number, MimeNode::contentType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", "multipart/mixed"),
                org.assertj.core.groups.Tuple.tuple("1", "multipart/alternative"),
                org.assertj.core.groups.Tuple.tuple("1.1", "text/plain"),
                org.assertj.core.groups.Tuple.tuple("1.2", "text/html"),
                org.assertj.core.groups.Tuple.tuple("2", "application/pdf"),
                org.assertj.core.groups.Tuple.tuple("3", "message/rfc822"),
                org.assertj.core.groups.Tuple.tuple("3.1", "text/plain"));

        MimeNode text = t.nodes().get(2);
        assertThat(text.charset()).isEqualTo("UTF-8");
        assertThat(text.transferEncoding()).isEqualTo("8bit");
        byte[] utf8 = "Grüße aus 東京".getBytes(StandardCharsets.UTF_8);
        assertThat(text.encodedSize()).isEqualTo(utf8.length);
        assertThat(text.decodedSize()).isEqualTo(utf8.length);
        assertThat(t.content(text, 1000).text()).isEqualTo("Grüße aus 東京");

        MimeNode html = t.nodes().get(3);
        assertThat(html.encodedSize()).isEqualTo("<p>Gr=C3=BC=C3=9Fe</p>".length());
        assertThat(html.decodedSize()).isEqualTo("<p>Grüße</p>".getBytes(StandardCharsets.UTF_8).length);
        assertThat(t.content(html, 1000).text()).isEqualTo("<p>Grüße</p>");

        MimeNode pdf = t.nodes().get(4);
        assertThat(pdf.fileName()).isEqualTo("報告書.pdf");
        assertThat(pdf.fileNameEncoding()).isEqualTo("RFC 2231");
        assertThat(pdf.disposition()).isEqualTo("attachment");
        assertThat(pdf.contentId()).isEqualTo("<report@example.com>");
        assertThat(pdf.decodedSize()).isEqualTo(15);
        PartContent pdfContent = t.content(pdf, 1000);
        assertThat(pdfContent.text()).isNull();
        assertThat(new String(pdfContent.bytes(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.4\n%");

        MimeNode rfc822 = t.nodes().get(5);
        assertThat(rfc822.kind()).isEqualTo(MimeNode.Kind.MESSAGE);
        MimeNode inner = rfc822.children().get(0);
        assertThat(inner.header("Subject")).isEqualTo("Fwd: € price");
        assertThat(inner.header("From")).isEqualTo("carol@example.net");
        assertThat(t.content(inner, 100).text()).isEqualTo("Café");
        assertThat(t.content(inner, 100).charset()).isEqualTo("ISO-8859-1");
        assertThat(t.content(root, 100_000).text()).as("a multipart's body, as it is").contains("--inner--",
                "Content-Type: message/rfc822").endsWith("epilogue\r\n");
    }

    @Test
    void aPartIsSavedWholeAndDecodedAndABodyThatCannotBeDecodedLeavesTheTargetAsItWas() throws Exception {
        MessageTree t = tree(crlf(NESTED));
        Path pdf = dir.resolve("report.pdf");
        assertThat(t.save(t.nodes().get(4), pdf, () -> false)).isEqualTo(15);
        assertThat(java.nio.file.Files.readAllBytes(pdf)).isEqualTo(java.util.Base64.getDecoder()
                .decode("JVBERi0xLjQKJcfsj6IK"));
        Path html = dir.resolve("part.html");
        t.save(t.nodes().get(3), html, () -> false);
        assertThat(java.nio.file.Files.readString(html)).isEqualTo("<p>Grüße</p>");
        Path whole = dir.resolve("inner.eml");
        t.save(t.nodes().get(5), whole, () -> false);
        assertThat(java.nio.file.Files.readString(whole, StandardCharsets.ISO_8859_1)).startsWith("From: carol@")
                .endsWith("Caf=E9");

        MessageTree broken = tree(crlf("""
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: uuencode

                begin 644 x.bin
                M*not uuencoded at all
                """));
        Path target = java.nio.file.Files.writeString(dir.resolve("keep.bin"), "what was here");
        assertThatThrownBy(() -> broken.save(broken.root(), target, () -> false)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be decoded past byte").hasMessageEndingWith("nothing was saved");
        assertThat(java.nio.file.Files.readString(target)).isEqualTo("what was here");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("report.pdf", "part.html", "inner.eml", "keep.bin");
        }
    }

    @Test
    void anRfc2047SubjectInTwoCharsetsIsDecodedBesideItsRawForm() throws Exception {
        MimeNode root = tree(crlf(NESTED)).root();
        HeaderField subject = root.headers().stream().filter(h -> h.name().equals("Subject")).findFirst()
                .orElseThrow();
        assertThat(subject.decoded()).isEqualTo("Café✓ 中文");
        assertThat(subject.value()).isEqualTo("=?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?4pyTIOS4reaWhw==?=");
        assertThat(subject.wasEncoded()).isTrue();
        assertThat(new String(subject.raw(), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?4pyTIOS4reaWhw==?=\r\n");
        assertThat(root.header("From")).isEqualTo("Jürgen <j@example.com>");
    }

    @Test
    void foldedHeadersAreUnfoldedAndTheirRawBytesKept() throws Exception {
        MimeNode root = tree(crlf("""
                Subject: =?UTF-8?Q?a_long_?=
                 =?UTF-8?Q?subject_=E2=9C=93?=
                X-Raw: Grüße
                \tsecond line

                body
                """)).root();
        HeaderField s = root.headers().get(0);
        assertThat(s.decoded()).isEqualTo("a long subject ✓");
        assertThat(new String(s.raw(), StandardCharsets.US_ASCII)).isEqualTo(
                "Subject: =?UTF-8?Q?a_long_?=\r\n =?UTF-8?Q?subject_=E2=9C=93?=\r\n");
        assertThat(root.headers().get(1).value()).as("raw UTF-8 (RFC 6532)").isEqualTo("Grüße\tsecond line");
        assertThat(root.bodyStart()).isEqualTo(root.headerSize());
    }

    @Test
    void aBoundaryThatNeverOccursIsAProblemNotACrash() throws Exception {
        MessageTree t = tree(crlf("""
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="expected"

                --other
                Content-Type: text/plain

                hello
                --other--
                """));
        MimeNode root = t.root();
        assertThat(root.children()).isEmpty();
        assertThat(root.problems()).singleElement().asString().contains("boundary \"expected\" never occurs",
                "RFC 2046");
        assertThat(root.encodedSize()).isEqualTo(t.size() - root.bodyStart());
        assertThat(t.content(root, 1000).text()).contains("--other");
        assertThat(t.problems()).singleElement().asString().startsWith("message: the boundary");
    }

    @Test
    void aMissingCloseBoundaryEndsTheLastPartAtTheEnd() throws Exception {
        MessageTree t = tree(crlf("""
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                one
                --b
                Content-Type: text/plain

                two, cut short
                """));
        assertThat(t.root().children()).hasSize(2);
        assertThat(t.content(t.root().children().get(1), 100).text()).isEqualTo("two, cut short\r\n");
        assertThat(t.root().problems()).singleElement().asString().contains("close boundary \"--b--\" is missing",
                "part 2 ends at the end of the message");
    }

    @Test
    void anInnerMultipartWithoutItsCloseBoundaryEndsAtItsParentsNextBoundary() throws Exception {
        MessageTree t = tree(crlf("""
                Content-Type: multipart/mixed; boundary=outer
                MIME-Version: 1.0

                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain

                plain
                --outer
                Content-Type: text/plain

                after
                --outer--
                """));
        assertThat(t.nodes()).extracting(MimeNode::number).containsExactly("", "1", "1.1", "2");
        assertThat(t.content(t.nodes().get(2), 100).text()).isEqualTo("plain");
        assertThat(t.content(t.nodes().get(3), 100).text()).isEqualTo("after");
        assertThat(t.nodes().get(1).problems()).singleElement().asString()
                .contains("\"--inner--\" is missing", "enclosing multipart's boundary");
        assertThat(t.root().problems()).isEmpty();
    }

    @Test
    void sizesAddUpAndTheLineEndBeforeABoundaryBelongsToIt() throws Exception {
        byte[] m = crlf("""
                Content-Type: multipart/mixed; boundary=b

                --b

                x
                --b--
                """);
        MessageTree t = tree(m);
        MimeNode part = t.root().children().get(0);
        assertThat(part.headers()).isEmpty();
        assertThat(part.contentType()).isEqualTo("text/plain");
        assertThat(part.typeGiven()).isFalse();
        assertThat(part.encodedSize()).isEqualTo(1);
        assertThat(new String(m, StandardCharsets.US_ASCII).substring((int) part.bodyStart(), (int) part.bodyEnd()))
                .isEqualTo("x");
        assertThat(t.root().problems()).singleElement().asString().contains("no MIME-Version");
    }

    @Test
    void bareLineFeedsAreReadAsLineEndsToo() throws Exception {
        MessageTree t = tree(NESTED.getBytes(StandardCharsets.UTF_8));
        assertThat(t.nodes()).hasSize(7);
        assertThat(t.content(t.nodes().get(2), 100).text()).isEqualTo("Grüße aus 東京");
        assertThat(t.nodes().get(4).fileName()).isEqualTo("報告書.pdf");
    }

    @Test
    void fileNamesInEveryForm() throws Exception {
        MessageTree t = tree(crlf("""
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment;
                 filename*0*=UTF-8''%E5%A0%B1%E5%91%8A;
                 filename*1*=%E6%9B%B8.pdf

                x
                --b
                Content-Type: application/octet-stream; name="=?UTF-8?B?5aCx5ZGK5pu4LnBkZg==?="

                x
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="Grüße.txt"

                x
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="plain.txt"

                x
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename*=x-no-such-charset''%E5%A0

                x
                --b--
                """));
        List<MimeNode> parts = t.root().children();
        assertThat(parts).extracting(MimeNode::fileName).containsExactly("報告書.pdf", "報告書.pdf", "Grüße.txt",
                "plain.txt", "%E5%A0");
        assertThat(parts).extracting(MimeNode::fileNameEncoding).containsExactly("RFC 2231", "RFC 2047",
                "UTF-8 (RFC 6532)", "plain", "RFC 2231");
        assertThat(parts.get(1).problems()).singleElement().asString().contains("RFC 2047 §5");
        assertThat(parts.get(4).problems()).singleElement().asString().contains("x-no-such-charset", "not known");
    }

    @Test
    void aHeaderWithoutItsBlankLineAndAFileThatIsNoMessage() throws Exception {
        MessageTree t = tree(crlf("""
                Content-Type: multipart/mixed; boundary=b
                MIME-Version: 1.0

                --b
                Content-Type: text/plain
                --b
                Content-Type: text/plain
                oops, no blank line
                --b--
                """));
        List<MimeNode> parts = t.root().children();
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).encodedSize()).isZero();
        assertThat(parts.get(0).problems()).singleElement().asString().contains("without the blank line");
        assertThat(t.content(parts.get(1), 100).text()).isEqualTo("oops, no blank line");
        assertThat(parts.get(1).problems()).singleElement().asString().contains("\"oops, no blank line\"",
                "not a field");

        MessageTree png = tree(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        assertThat(png.root().problems()).singleElement().asString().contains("line 1 of the header is not a"
                + " field", "may not be a message at all");
        assertThat(png.root().bodyStart()).isZero();
        assertThat(png.root().encodedSize()).isEqualTo(12);

        assertThat(tree(new byte[0]).problems()).singleElement().asString().contains("empty");
    }

    @Test
    void anMboxFromLineIsSkipped() throws Exception {
        MessageTree t = tree(crlf("""
                From alice@example.com Mon Jan  1 00:00:00 2024
                Subject: hi

                body
                """));
        assertThat(t.root().header("Subject")).isEqualTo("hi");
        assertThat(t.root().problems()).singleElement().asString().contains("mbox");
    }

    @Test
    void brokenTypesEncodingsAndBase64AreNamed() throws Exception {
        MessageTree t = tree(crlf("""
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b c

                --b
                Content-Type: text/plain; charset=x-unheard-of
                Content-Transfer-Encoding: x-rot13

                uryyb
                --b
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: base64

                QUJD!!!RE
                --b
                Content-Type: message/rfc822
                Content-Transfer-Encoding: base64

                U3ViamVjdDogaGkNCg0KYm9keQ0K
                --b
                Content-Type: text/plain
                Content-Type: text/html

                two types
                --b--
                """));
        MimeNode root = t.root();
        assertThat(root.boundary()).isEqualTo("b");
        assertThat(root.problems()).singleElement().asString().contains("cannot be parsed", "read leniently as"
                + " multipart/mixed");
        List<MimeNode> parts = root.children();
        assertThat(parts).hasSize(4);
        assertThat(parts.get(0).decodedSize()).isEqualTo(-1);
        assertThat(parts.get(0).problems()).singleElement().asString().contains("unknown Content-Transfer-Encoding");
        PartContent rot = t.content(parts.get(0), 100);
        assertThat(rot.text()).isEqualTo("uryyb");
        assertThat(rot.notes()).anySatisfy(n -> assertThat(n).contains("x-unheard-of", "not known"))
                .anySatisfy(n -> assertThat(n).contains("x-rot13", "unknown"));
        assertThat(parts.get(1).problems()).singleElement().asString().contains("base64 body cannot be decoded");
        assertThat(t.content(parts.get(1), 100).notes()).singleElement().asString().contains("cannot be decoded");
        assertThat(parts.get(2).kind()).isEqualTo(MimeNode.Kind.LEAF);
        assertThat(parts.get(2).problems()).singleElement().asString().contains("RFC 2046 §5.2.1");
        assertThat(t.content(parts.get(2), 100).text()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(parts.get(3).contentType()).isEqualTo("text/plain");
        assertThat(parts.get(3).problems()).singleElement().asString().contains("2 Content-Type fields");
    }

    @Test
    void textWithoutACharsetAndInvalidBytes() throws Exception {
        byte[] m = "Content-Type: text/plain\r\n\r\nGr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8);
        PartContent c = tree(m).content(tree(m).root(), 100);
        assertThat(c.text()).isEqualTo("Grüße\r\n");
        assertThat(c.notes()).singleElement().asString().contains("no charset is declared", "UTF-8");

        byte[] bad = "Content-Type: text/plain; charset=utf-8\r\n\r\nok \u00ff".getBytes(StandardCharsets.ISO_8859_1);
        PartContent b = tree(bad).content(tree(bad).root(), 100);
        assertThat(b.text()).isEqualTo("ok \uFFFD");
        assertThat(b.notes()).singleElement().asString().contains("not valid UTF-8");

        byte[] ascii = "Content-Type: text/plain; charset=us-ascii\r\n\r\nok \u00e9".getBytes(StandardCharsets.UTF_8);
        PartContent a = tree(ascii).content(tree(ascii).root(), 100);
        assertThat(a.charset()).as("not read as Latin-1, as Angus maps it").isEqualTo("US-ASCII");
        assertThat(a.text()).isEqualTo("ok \uFFFD\uFFFD");
        assertThat(a.notes()).singleElement().asString().contains("not valid US-ASCII");
    }

    @Test
    void contentIsCutAtTheLimitWithoutSplittingACharacter() throws Exception {
        String body = "中".repeat(1000);
        byte[] m = ("Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        MessageTree t = tree(m);
        PartContent c = t.content(t.root(), 100);
        assertThat(c.truncated()).isTrue();
        assertThat(c.bytes()).hasSize(100);
        assertThat(c.text()).isEqualTo("中".repeat(33));
        assertThat(c.notes()).isEmpty();
        assertThat(t.content(t.root(), 3000).truncated()).isFalse();
    }

    @Test
    void hostileShapesAreBounded() throws Exception {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        deep.append("\r\nleaf\r\n");
        MessageTree d = tree(deep.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(d.nodes()).hasSize(MessageTree.MAX_DEPTH);
        assertThat(d.problems()).anySatisfy(p -> assertThat(p).contains("nested more than 40 deep"));

        StringBuilder many = new StringBuilder("MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        for (int i = 0; i < 5_000; i++) {
            many.append("--x\r\n\r\n").append(i).append("\r\n");
        }
        many.append("--x--\r\n");
        MessageTree m = tree(many.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(m.nodes()).hasSize(MessageTree.MAX_NODES);
        assertThat(m.root().hiddenParts()).isEqualTo(5_000 - (MessageTree.MAX_NODES - 1));
        assertThat(m.root().problems()).singleElement().asString().contains("3,001 more parts are not listed");

        StringBuilder headers = new StringBuilder();
        String value = "v".repeat(60_000);
        for (int i = 0; i < 200; i++) {
            headers.append("X-Big-").append(i).append(": ").append(value).append("\r\n");
        }
        headers.append("\r\nbody");
        MessageTree h = tree(headers.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(h.root().headers().size()).isLessThan(200);
        assertThat(h.root().headers().stream().mapToLong(f -> f.raw().length).sum()).isLessThan(9L << 20);
        assertThat(h.root().problems()).singleElement().asString().contains("over 8 MiB");
        assertThat(h.content(h.root(), 10).text()).isEqualTo("body");

        byte[] longLine = ("Subject: " + "s".repeat(100_000) + "\r\n\r\nb").getBytes(StandardCharsets.US_ASCII);
        MessageTree l = tree(longLine);
        assertThat(l.root().headers().get(0).raw().length).isEqualTo(MimeScanner.HEADER_LINE_KEEP + 2);
        assertThat(l.root().problems()).singleElement().asString().contains("100,009 bytes", "998");
    }

    @Test
    void aFileIsReadStreamingAndAChangedFileIsRefused() throws Exception {
        Path file = dir.resolve("m.eml");
        Files.write(file, crlf(NESTED));
        MessageTree t = MessageTree.read(file, () -> false);
        assertThat(t.nodes()).hasSize(7);
        assertThat(t.description()).isEqualTo(file.toString());
        assertThat(t.content(t.nodes().get(4), 100).bytes()).hasSize(15);
        Files.write(file, crlf(NESTED + "more"));
        assertThatThrownBy(() -> t.content(t.nodes().get(4), 100)).isInstanceOf(IOException.class)
                .hasMessageContaining("changed since it was read");
    }

    @Test
    void aReadCanBeStopped() throws Exception {
        StringBuilder lines = new StringBuilder("Subject: long\r\n\r\n");
        for (int i = 0; i < 200_000; i++) {
            lines.append("line ").append(i).append("\r\n");
        }
        assertThatThrownBy(() -> MessageTree.read(lines.toString().getBytes(StandardCharsets.US_ASCII), "x",
                () -> true)).isInstanceOf(CancellationException.class);
    }

    /** What the composer writes, this tree reads as Angus Mail does: the same parts, names and decoded bytes. */
    @Test
    void agreesWithAngusMailOnAComposedMessage() throws Exception {
        byte[] pdf = new byte[70_000];
        new Random(7).nextBytes(pdf);
        Path a = Files.write(dir.resolve("報告書.pdf"), pdf);
        Path b = Files.writeString(dir.resolve("notes café.txt"), "première ligne\n");
        Draft draft = new Draft("Alice <alice@example.com>", "Bob <bob@example.org>", "", "", "",
                "Grüße – Ünïcödé subject", "Hallo Bob,\nGrüße aus Köln\n", "<p>Grüße</p>", List.of(),
                List.of(new Draft.Attachment(a, "application/pdf", false, ""),
                        new Draft.Attachment(b, "text/plain", false, "")), Draft.Options.defaults());
        ComposedMessage composed = new MessageComposer(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"),
                ZoneOffset.UTC)).compose(draft, Capabilities.none(), dir.resolve("out.eml"));
        MessageTree t = MessageTree.read(composed.file(), () -> false);
        MimeMessage angus = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Files.readAllBytes(composed.file())));

        List<Part> angusLeaves = new ArrayList<>();
        leaves(angus, angusLeaves);
        List<MimeNode> leaves = t.nodes().stream().filter(n -> n.kind() == MimeNode.Kind.LEAF).toList();
        assertThat(leaves).hasSameSizeAs(angusLeaves).hasSize(4);
        for (int i = 0; i < leaves.size(); i++) {
            Part expected = angusLeaves.get(i);
            MimeNode n = leaves.get(i);
            assertThat(n.contentType()).isEqualTo(expected.getContentType().split(";")[0].toLowerCase());
            assertThat(n.fileName()).isEqualTo(expected.getFileName());
            byte[] decoded = expected.getInputStream().readAllBytes();
            assertThat(n.decodedSize()).isEqualTo(decoded.length);
            assertThat(t.content(n, 1 << 20).bytes()).isEqualTo(decoded);
        }
        assertThat(t.root().header("Subject")).isEqualTo(angus.getSubject()).isEqualTo("Grüße – Ünïcödé subject");
        assertThat(leaves.get(2).fileName()).isEqualTo("報告書.pdf");
        assertThat(t.content(leaves.get(2), 1 << 20).bytes()).isEqualTo(pdf);
        assertThat(t.problems()).isEmpty();
    }

    private static void leaves(Part p, List<Part> out) throws Exception {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                leaves(bp, out);
            }
        } else {
            out.add(p);
        }
    }

    @Test
    void base64SizesAreCountedByDecoding() throws Exception {
        byte[] data = new byte[10_001];
        new Random(1).nextBytes(data);
        String b64 = Base64.getMimeEncoder().encodeToString(data);
        byte[] m = ("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        MessageTree t = tree(m);
        assertThat(t.root().decodedSize()).isEqualTo(10_001);
        assertThat(t.root().encodedSize()).isEqualTo(b64.length() + 2);
        assertThat(t.content(t.root(), 20_000).bytes()).isEqualTo(data);
    }
}
