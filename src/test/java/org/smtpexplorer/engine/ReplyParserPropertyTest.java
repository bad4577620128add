package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.smtpexplorer.testing.FuzzTries;

/**
 * Fuzzes the reply and EHLO parsers with a fixed seed and a bounded number of tries: arbitrary bytes never raise
 * anything but the engine's own typed error, and well-formed replies survive any split.
 */
@AddLifecycleHook(FuzzTries.class)
class ReplyParserPropertyTest {

    @Property(tries = 2000, seed = "42")
    void arbitraryBytesOnlyEverRaiseTypedErrors(@ForAll @Size(max = 600) byte[] data,
                                                @ForAll @Size(max = 5) List<Integer> cuts) {
        ReplyParser p = new ReplyParser();
        int prev = 0;
        try {
            for (int c : cuts) {
                int at = Math.floorMod(c, data.length + 1);
                if (at < prev) {
                    continue;
                }
                for (SmtpReply r : p.feed(data, prev, at - prev)) {
                    Capabilities.parse(r);
                }
                prev = at;
            }
            for (SmtpReply r : p.feed(data, prev, data.length - prev)) {
                Capabilities.parse(r).sizeLimit();
                Capabilities.parse(r).limits();
                Capabilities.parse(r).authMechanisms();
            }
        } catch (SmtpException e) {
            assertThat(e.failureClass()).isEqualTo(FailureClass.PROTOCOL);
        }
    }

    @Provide
    Arbitrary<List<String>> replyLines() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        return text.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 500, seed = "7")
    void wellFormedRepliesParseTheSameAtAnySplit(@ForAll("replyLines") List<String> lines,
                                                 @ForAll("codes") int code, @ForAll int cutSeed) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.US_ASCII);
        int cut = Math.floorMod(cutSeed, data.length + 1);
        ReplyParser p = new ReplyParser();
        List<SmtpReply> out = new ArrayList<>(p.feed(data, 0, cut));
        out.addAll(p.feed(data, cut, data.length - cut));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).code()).isEqualTo(code);
        assertThat(out.get(0).raw()).isEqualTo(data);
        assertThat(out.get(0).lines()).hasSize(lines.size());
    }

    @Provide
    Arbitrary<Integer> codes() {
        return Combinators.combine(Arbitraries.integers().between(2, 5), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 9)).as((a, b, c) -> a * 100 + b * 10 + c);
    }
}
