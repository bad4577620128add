package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The ladder as SVG: well-formed XML, one group per rung with the expected shapes, colours from the stylesheet. */
class LadderSvgTest {
    private static void reply(Transcript t, String text, String verb, int flight) {
        t.server(new ReplyParser().feed((text + "\r\n").getBytes(StandardCharsets.UTF_8)).get(0), verb, flight,
                1200L);
    }

    /** Greeting, STARTTLS, AUTH PLAIN with a secret, a pipelined flight with a refusal, a BDAT chunk, QUIT. */
    private static Transcript session() {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 587);
        // Server text is untrusted: markup, a control character and a lone surrogate must not break the XML.
        reply(t, "220 mx.example <ESMTP> & \"friends\" \u0007 \ud800", "CONNECT", 1);
        t.client(SmtpCommand.starttls(), 2);
        reply(t, "220 2.0.0 Ready", "STARTTLS", 2);
        t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", true, "trusted", false, null, null, null, 1));
        t.client(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA=="), 3);
        reply(t, "235 2.7.0 Authentication successful", "AUTH", 3);
        t.client(SmtpCommand.mail("alice@example.com"), 4);
        t.client(SmtpCommand.rcpt("bob@example.com"), 4);
        t.client(SmtpCommand.bdat(120, true), 4);
        t.payload("BDAT chunk 1 of 1: 120 bytes", "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), 120, "BDAT");
        reply(t, "250 2.1.0 Ok", "MAIL", 4);
        reply(t, "550 5.1.1 No such user", "RCPT", 4);
        reply(t, "554 5.5.1 No valid recipients", "BDAT", 4);
        t.error("the server accepted none of the recipients: 550 5.1.1 No such user (a permanent failure (5xx):"
                + " trying again as it is will not help; follow-on: 554 5.5.1 No valid recipients)", "REJECTED");
        t.client(SmtpCommand.quit(), 5);
        reply(t, "221 2.0.0 Bye", "QUIT", 5);
        return t;
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> groups(Document doc, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (List.of(g.getAttribute("class").split(" ")).contains(cls)) {
                out.add(g);
            }
        }
        return out;
    }

    private static String text(Element e) {
        StringBuilder sb = new StringBuilder();
        NodeList texts = e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('|');
        }
        return sb.toString();
    }

    /** The stroke width of the first rung of kind {@code kind}. */
    private static double strokeWidth(List<Element> rungs, String kind) {
        Element g = rungs.stream().filter(x -> x.getAttribute("class").startsWith("rung " + kind + " ")).findFirst()
                .orElseThrow();
        return Double.parseDouble(((Element) g.getElementsByTagNameNS("*", "line").item(0))
                .getAttribute("stroke-width"));
    }

    @Test
    void wellFormedWithARungGroupForEachRung() throws Exception {
        Ladder ladder = Ladder.of(session().entries());
        String svg = LadderSvg.write(ladder, LadderSvg.Palette.light());
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(Double.parseDouble(root.getAttribute("width"))).isEqualTo(LadderSvg.WIDTH);
        List<Element> rungs = groups(doc, "rung");
        List<Element> labels = groups(doc, "rung-label");
        assertThat(rungs).hasSameSizeAs(ladder.steps()).hasSameSizeAs(labels);
        for (int i = 0; i < rungs.size(); i++) {
            Ladder.Rung r = ladder.steps().get(i);
            Element g = rungs.get(i);
            assertThat(g.getAttribute("data-seq")).isEqualTo(Long.toString(r.seq()));
            assertThat(labels.get(i).getAttribute("data-seq")).isEqualTo(Long.toString(r.seq()));
            boolean band = r.direction() == Ladder.Direction.ACROSS;
            assertThat(g.getElementsByTagNameNS("*", band ? "rect" : "line").getLength()).as("rung %d", i)
                    .isEqualTo(1);
            assertThat(g.getElementsByTagNameNS("*", "title").item(0).getTextContent())
                    .isEqualTo(LadderLayout.label(r).replace('\n', ' '));
        }
        Element tls = groups(doc, "tls").get(0);
        assertThat(groups(doc, "rung-label").stream().filter(g -> g.getAttribute("class").contains("tls"))
                .map(LadderSvgTest::text).findFirst().orElseThrow())
                .containsPattern("TLS handshake \\(\\d+(\\.\\d)? (µs|ms|s)\\): certificate verified")
                .contains("TLSv1.3 \u00b7 TLS_AES_128_GCM_SHA256");
        assertThat(tls.getElementsByTagNameNS("*", "rect").getLength()).isEqualTo(1);
        long encrypted = ladder.steps().stream().filter(r -> r.encrypted()
                && r.direction() != Ladder.Direction.ACROSS).count();
        assertThat(encrypted).isEqualTo(11);
        assertThat(rungs.stream().filter(g -> g.getAttribute("class").contains(" encrypted")))
                .as("arrows after the handshake are marked").hasSize(11);
        assertThat(groups(doc, "lock")).as("a lock on each of them and on the band").hasSize(11 + 1);
        assertThat(groups(doc, "fan")).singleElement().satisfies(f -> assertThat(text(f))
                .contains("pipelined: 3 commands + 1 chunk, then 3 replies"));
        assertThat(strokeWidth(rungs, "payload")).as("the payload is a thick arrow")
                .isGreaterThan(1.5 * strokeWidth(rungs, "command"));
        String refused = labels.stream().filter(g -> g.getAttribute("class").contains("ink-reply-5"))
                .map(LadderSvgTest::text).reduce("", String::concat);
        assertThat(refused).contains("\u2716 550 5.1.1 No such user  \u2190 root cause",
                "\u2716 554 5.5.1 No valid recipients  (follow-on)");
        assertThat(doc.getElementsByTagNameNS("*", "path").getLength()).as("a follow-on bracket, the locks and"
                + " the arrowheads").isEqualTo(1 + 12 + LadderLayout.Ink.values().length);
        assertThat(svg).contains("&lt;ESMTP&gt; &amp; &quot;friends&quot;").doesNotContain("\u0007");
    }

    @Test
    void secretsStayRedacted() throws Exception {
        Transcript t = session();
        String svg = LadderSvg.write(Ladder.of(t.entries()), LadderSvg.Palette.light());
        assertThat(svg).contains("AUTH PLAIN &lt;redacted&gt;").doesNotContain("AGFsaWNlAHNlY3JldA==")
                .doesNotContain("secret");
        assertThat(t.entries().stream().anyMatch(e -> e.text().contains("AGFsaWNlAHNlY3JldA=="))).isTrue();
    }

    @Test
    void coloursComeFromTheWindowsStylesheet() throws Exception {
        String light = LadderSvg.write(Ladder.of(session().entries()), LadderSvg.Palette.light());
        Document doc = parse(light);
        assertThat(groups(doc, "rung").stream().filter(g -> g.getAttribute("class").startsWith("rung command "))
                .map(g -> ((Element) g.getElementsByTagNameNS("*", "line").item(0)).getAttribute("stroke")))
                .containsOnly("#1f5fbf");
        assertThat(groups(doc, "rung-label").stream().filter(g -> g.getAttribute("class").contains("ink-reply-2"))
                .map(g -> ((Element) g.getElementsByTagNameNS("*", "text").item(0)).getAttribute("fill")))
                .isNotEmpty().containsOnly("#1b7f3b");
        assertThat(groups(doc, "rung-label").stream().filter(g -> g.getAttribute("class").contains("ink-reply-5"))
                .map(g -> (Element) g.getElementsByTagNameNS("*", "text").item(0)))
                .isNotEmpty().allSatisfy(t -> {
                    assertThat(t.getAttribute("fill")).isEqualTo("#c0272d");
                    assertThat(t.getAttribute("font-weight")).isEqualTo("bold");
                });
        assertThat(light).contains("<rect class=\"background\" x=\"0\" y=\"0\"").contains("fill=\"#fbfbfd\"")
                .doesNotContain("<style");
        LadderSvg.Palette dark = LadderSvg.Palette.dark();
        assertThat(dark.background()).isEqualTo("#16181d");
        assertThat(dark.inks().get(LadderLayout.Ink.REPLY_4)).isEqualTo("#ff8c42");
        assertThatThrownBy(() -> LadderSvg.Palette.fromCss(".root { -sx-bg: #000000; }", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no -sx-");
    }
}
