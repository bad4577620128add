package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.transport.MessageTraits;

/** BDAT's line-end normalisation gives the bytes DATA's dot-stuffer gives, dots aside, and the counted length. */
class CrlfInputStreamTest {

    private static byte[] readAll(InputStream in, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        int n;
        while ((n = in.read(buf, 0, step)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 65536})
    void everyLineEndBecomesCrlf(int step) throws IOException {
        String in = "a\nb\rc\r\nd\r\r\ne\n\n\r";
        byte[] out = readAll(new CrlfInputStream(new ByteArrayInputStream(in.getBytes(StandardCharsets.US_ASCII))),
                step);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\ne\r\n\r\n\r\n");
    }

    @Test
    void singleByteReadsAgree() throws IOException {
        CrlfInputStream in = new CrlfInputStream(new ByteArrayInputStream("x\ny\r".getBytes(StandardCharsets.US_ASCII)));
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
        }
        assertThat(sb).hasToString("x\r\ny\r\n");
    }

    @Test
    void randomMessagesMatchTheDotStufferAndTheCount() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = {'a', '.', '\r', '\n', (byte) 0xc3};
        for (int t = 0; t < 500; t++) {
            byte[] msg = new byte[random.nextInt(200)];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] normalised = readAll(new CrlfInputStream(new ByteArrayInputStream(msg)), 1 + random.nextInt(9));
            MessageTraits traits = MessageTraits.scan(new ByteArrayInputStream(msg));
            assertThat(normalised.length).isEqualTo(msg.length + traits.bareLineEnds());
            assertThat(MessageTraits.scan(new ByteArrayInputStream(normalised)).bareLineEnds()).isZero();
            if (msg.length > 0 && msg[msg.length - 1] == '\r') {
                continue; // the stuffer holds a final CR back until the terminator decides it
            }
            // DATA's encoder normalises the same way; with the dot-stuffing undone the bytes are the same.
            String stuffed = new String(new DotStuffer().encode(msg), StandardCharsets.ISO_8859_1);
            String unstuffed = ("\r\n" + stuffed).replace("\r\n..", "\r\n.").substring(2);
            assertThat(unstuffed).isEqualTo(new String(normalised, StandardCharsets.ISO_8859_1));
        }
    }
}
