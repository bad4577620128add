package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.testing.FuzzTries;

@AddLifecycleHook(FuzzTries.class)
class DotStufferTest {
    private static String stuff(String s) {
        DotStuffer d = new DotStuffer();
        byte[] body = d.encode(s.getBytes(StandardCharsets.UTF_8));
        return new String(body, StandardCharsets.UTF_8) + new String(d.finish(), StandardCharsets.UTF_8);
    }

    @Test
    void normalisesLineEndsAndStuffsDots() {
        assertThat(stuff("a\r\n.b\r\n")).isEqualTo("a\r\n..b\r\n.\r\n");
        assertThat(stuff("a\n.\nb")).isEqualTo("a\r\n..\r\nb\r\n.\r\n");
        assertThat(stuff("")).isEqualTo(".\r\n");
        assertThat(stuff(".")).isEqualTo("..\r\n.\r\n");
        assertThat(stuff("x\r")).isEqualTo("x\r\n.\r\n");
    }

    @Test
    void everySmugglingEndOfDataVariantIsNeutralised() {
        for (String variant : new String[] {"\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r", "\r.\n", "\n.\r",
            "\r\n.\r\r\n", "\r\n\u0000.\r\n"}) {
            String wire = stuff("before" + variant + "MAIL FROM:<evil@x>\r\n");
            assertThat(wire.indexOf("\r\n.\r\n")).as("variant %s", variant.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(wire.length() - 5);
            assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        }
    }

    @Property(tries = 1000, seed = "11")
    void splitsDoNotChangeTheOutputAndTheOnlyTerminatorIsTheLast(@ForAll @Size(max = 300) byte[] msg,
                                                                 @ForAll int cutSeed) throws IOException {
        byte[] alphabet = {'\r', '\n', '.', 'a', (byte) 0xc3};
        byte[] data = new byte[msg.length];
        for (int i = 0; i < msg.length; i++) {
            data[i] = alphabet[Math.floorMod(msg[i], alphabet.length)];
        }
        DotStuffer whole = new DotStuffer();
        byte[] one = concat(whole.encode(data), whole.finish());
        int cut = Math.floorMod(cutSeed, data.length + 1);
        DotStuffer split = new DotStuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        split.encode(data, 0, cut, out);
        split.encode(data, cut, data.length - cut, out);
        out.writeBytes(split.finish());
        assertThat(out.toByteArray()).isEqualTo(one);
        String wire = new String(one, StandardCharsets.ISO_8859_1);
        assertThat(wire.indexOf("\r\n.\r\n") == wire.length() - 5 || wire.equals(".\r\n")).isTrue();
        assertThat(wire.startsWith(".\r\n") && wire.length() > 3).isFalse();
        assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
