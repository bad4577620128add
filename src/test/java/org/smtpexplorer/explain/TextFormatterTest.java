package org.smtpexplorer.explain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextFormatterTest {

    private static final KnowledgeBase KB = KnowledgeBase.load();

    @Test
    void rendersTitleWrappedTextAndSource() {
        Explanation rcpt = KB.command("RCPT").orElseThrow();
        String out = TextFormatter.format(rcpt);
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo(rcpt.title() + " [command]");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Source: RFC 5321 §4.1.1.3"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Syntax: RCPT TO:"));
        assertThat(out).endsWith("\n");
    }

    @Test
    void noLineIsLongerThanOneHundredColumnsUnlessASingleWordIs() {
        for (String kind : List.of("command", "reply", "enhanced", "extension", "mechanism", "parameter",
                "state")) {
            for (Explanation e : KB.all(kind)) {
                for (String line : TextFormatter.format(e).lines().toList()) {
                    if (line.length() > TextFormatter.WIDTH) {
                        assertThat(line.strip()).as(e.key() + ": " + line).doesNotContain(" ");
                    }
                }
            }
        }
    }

    @Test
    void wrappingKeepsEveryWordInOrder() {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
                + "sigma tau upsilon phi chi psi omega";
        StringBuilder out = new StringBuilder();
        TextFormatter.appendWrapped(out, text, 30);
        assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(String.join(" ", out.toString().lines().toList())).isEqualTo(text);
    }

    @Test
    void wrappedLinesKeepTheirIndent() {
        StringBuilder out = new StringBuilder();
        TextFormatter.appendWrapped(out, "    one two three four five six", 16);
        assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l).startsWith("    "));
    }

    @Test
    void unknownQueriesSaySo() {
        String out = TextFormatter.formatAll("FROBNICATE", KB.explain("FROBNICATE"));
        assertThat(out).contains("\"FROBNICATE\": unknown, not in our knowledge base");
        assertThat(TextFormatter.formatAll(null, List.of())).contains("unknown");
    }

    @Test
    void severalMatchesAreSeparatedByABlankLine() {
        String out = TextFormatter.formatAll("AUTH", KB.explain("AUTH"));
        assertThat(out).contains("[command]").contains("[extension]").contains("[parameter]");
        assertThat(out.split("\n\n")).hasSize(3);
    }
}
