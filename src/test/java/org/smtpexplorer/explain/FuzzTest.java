package org.smtpexplorer.explain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Arbitrary input never throws and never produces a half-filled explanation. */
class FuzzTest {

    private static final KnowledgeBase KB = KnowledgeBase.load();

    @Property(tries = 1000)
    void explainNeverThrows(@ForAll String query) {
        List<Explanation> found = KB.explain(query);
        assertThat(found).allSatisfy(FuzzTest::wellFormed);
        KB.command(query).ifPresent(FuzzTest::wellFormed);
        KB.extension(query).ifPresent(FuzzTest::wellFormed);
        KB.mechanism(query).ifPresent(FuzzTest::wellFormed);
        KB.parameter(query).ifPresent(FuzzTest::wellFormed);
        KB.state(query).ifPresent(FuzzTest::wellFormed);
        KB.enhancedStatus(query).ifPresent(FuzzTest::wellFormed);
        KB.replyCode(250, query).ifPresent(FuzzTest::wellFormed);
        assertThat(TextFormatter.formatAll(query, found)).isNotBlank();
    }

    @Property(tries = 1000)
    void smtpLookingInputNeverThrows(@ForAll("smtpish") String query) {
        assertThat(KB.explain(query)).allSatisfy(FuzzTest::wellFormed);
        KB.enhancedStatus(query).ifPresent(FuzzTest::wellFormed);
    }

    @Property(tries = 1000)
    void enhancedCodesAreEmptyOrComposedFromAValidClass(@ForAll("dotted") String code) {
        KB.enhancedStatus(code).ifPresent(e -> {
            wellFormed(e);
            assertThat(e.key().charAt(0)).isIn('2', '4', '5', 'X');
        });
        char first = code.charAt(0);
        if (first != '2' && first != '4' && first != '5' && first != 'x' && first != 'X') {
            assertThat(KB.enhancedStatus(code)).isEmpty();
        }
    }

    @Property(tries = 1000)
    void replyCodesNeverThrow(@ForAll int code, @ForAll("verbs") String verb) {
        KB.replyCode(code).ifPresent(FuzzTest::wellFormed);
        KB.replyCode(code, verb).ifPresent(FuzzTest::wellFormed);
        if (code < 100 || code > 599) {
            assertThat(KB.replyCode(code)).isEmpty();
        }
    }

    @Provide
    Arbitrary<String> smtpish() {
        Arbitrary<String> pieces = Arbitraries.of("250", "250-", "550 ", "5.7.1", "X.", ".", "=", "AUTH", "MAIL",
                "FROM:<", ">", "SIZE", "NOTIFY", " ", "-", "x", "yz", "9", "PLAIN", "\t", ":", ";", "+", "é", "例");
        return pieces.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> dotted() {
        Arbitrary<String> part = Arbitraries.strings().withChars("0123456789xX").ofMinLength(1).ofMaxLength(4);
        return Arbitraries.strings().withChars("0123456789xXa").ofLength(1)
                .flatMap(c -> part.list().ofSize(2).map(p -> c + "." + p.get(0) + "." + p.get(1)));
    }

    @Provide
    Arbitrary<String> verbs() {
        return Arbitraries.oneOf(Arbitraries.of("DATA", ".", "EHLO", "AUTH", "STARTTLS", "CONNECT", "", "bdat"),
                Arbitraries.strings().ofMaxLength(12));
    }

    private static void wellFormed(Explanation e) {
        assertThat(e.kind()).isIn("command", "reply", "enhanced", "extension", "mechanism", "parameter", "state");
        assertThat(e.key()).isNotBlank();
        assertThat(e.title()).isNotBlank();
        assertThat(e.text()).isNotBlank();
        assertThat(e.sources()).isNotEmpty();
    }
}
