package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.BodyType;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpException;

/** The one sending plan: every decision made before MAIL, as a pure function. */
class SendingPlanTest {

    private static Capabilities ehlo(String... keywords) {
        StringBuilder sb = new StringBuilder("250-mx.example\r\n");
        for (int i = 0; i < keywords.length; i++) {
            sb.append(i == keywords.length - 1 ? "250 " : "250-").append(keywords[i]).append("\r\n");
        }
        if (keywords.length == 0) {
            sb = new StringBuilder("250 mx.example\r\n");
        }
        return Capabilities.parse(new ReplyParser().feed(sb.toString().getBytes(StandardCharsets.US_ASCII)).get(0));
    }

    private static SendRequest request(String message) {
        SendRequest.Builder r = SendRequest.builder();
        r.from("a@example.com");
        r.to(List.of("b@example.com"));
        r.message(MessageSource.of(message.getBytes(StandardCharsets.UTF_8), "test"));
        return r.build();
    }

    @Test
    void lfOnlyMessageIsNormalisedForBdatAsForDataAndCounted() {
        SendRequest r = request("Subject: x\n\nbody\n");
        SendingPlan bdat = SendingPlan.decide(r, ehlo("CHUNKING", "SIZE 1000"), false);
        assertThat(bdat.bdat()).isTrue();
        assertThat(bdat.normaliseLineEnds()).isTrue();
        assertThat(bdat.wireSize()).isEqualTo(r.message().size() + 3);
        assertThat(bdat.mail(r).line()).isEqualTo("MAIL FROM:<a@example.com> SIZE=" + (r.message().size() + 3));
        assertThat(bdat.notes()).anyMatch(n -> n.startsWith("3 bare line ends (3 LF, 0 CR) are sent as CRLF"));
        r = r.with(b -> b.transfer(SendRequest.Transfer.DATA));
        SendingPlan data = SendingPlan.decide(r, ehlo("CHUNKING", "SIZE 1000"), false);
        assertThat(data.bdat()).isFalse();
        assertThat(data.wireSize()).isEqualTo(bdat.wireSize());
        assertThat(data.notes()).isEqualTo(bdat.notes());
    }

    @Test
    void keepingLineEndsSendsTheFileExactlyByBdatAndIsRefusedForData() {
        SendRequest r = request("Subject: x\n\nbody\n");
        r = r.with(b -> b.lineEndings(SendRequest.LineEndings.KEEP));
        SendingPlan bdat = SendingPlan.decide(r, ehlo("CHUNKING"), false);
        assertThat(bdat.normaliseLineEnds()).isFalse();
        assertThat(bdat.wireSize()).isEqualTo(r.message().size());
        assertThat(bdat.sendable()).isTrue();
        r = r.with(b -> b.transfer(SendRequest.Transfer.DATA));
        assertThat(SendingPlan.decide(r, ehlo("CHUNKING"), false).refusals())
                .singleElement().asString().contains("only with BDAT");
    }

    @Test
    void bdatWithoutChunkingIsRefusedBeforeMail() {
        SendRequest r = request("Subject: x\r\n\r\nbody\r\n");
        r = r.with(b -> b.transfer(SendRequest.Transfer.BDAT));
        SendingPlan plan = SendingPlan.decide(r, ehlo("PIPELINING"), false);
        assertThat(plan.sendable()).isFalse();
        assertThatThrownBy(plan::requireSendable).isInstanceOf(SmtpException.class)
                .hasMessageContaining("did not advertise CHUNKING")
                .satisfies(e -> assertThat(((SmtpException) e).failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY));
    }

    @Test
    void binaryMimeNeedsBdatAndKeepsTheBytes() {
        SendRequest r = request("Subject: x\r\n\r\nnul \0 and a bare\nLF\r\n");
        SendingPlan plan = SendingPlan.decide(r, ehlo("CHUNKING", "BINARYMIME", "8BITMIME"), false);
        assertThat(plan.body()).isEqualTo(BodyType.BINARY_MIME);
        assertThat(plan.normaliseLineEnds()).isFalse();
        assertThat(plan.wireSize()).isEqualTo(r.message().size());
        r = r.with(b -> b.transfer(SendRequest.Transfer.DATA));
        assertThat(SendingPlan.decide(r, ehlo("CHUNKING", "BINARYMIME"), false).refusals())
                .anyMatch(x -> x.contains("re-encode"));
    }

    @Test
    void sizeLimitIsCheckedAgainstTheSizeAsSent() {
        String m = "a\n".repeat(50);
        SendRequest r = request(m);
        assertThat(SendingPlan.decide(r, ehlo("SIZE 149"), false).refusals())
                .singleElement().asString().contains("150 bytes").contains("SIZE limit is 149");
        assertThat(SendingPlan.decide(r, ehlo("SIZE 150"), false).sendable()).isTrue();
    }

    @Test
    void forcedSevenBitWithEightBitContentWarns() {
        SendRequest r = request("Subject: caf\u00e9\r\n\r\n");
        r = r.with(b -> b.body(SendRequest.Body.SEVEN_BIT));
        SendingPlan plan = SendingPlan.decide(r, ehlo("8BITMIME"), false);
        assertThat(plan.body()).isEqualTo(BodyType.SEVEN_BIT);
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Warning: BODY=7BIT is forced"));
        r = r.with(b -> b.body(SendRequest.Body.AUTO));
        assertThat(SendingPlan.decide(r, ehlo("8BITMIME"), false).notes()).noneMatch(n -> n.startsWith("Warning"));
    }

    @Test
    void addressesWithoutSmtpUtf8() {
        SendRequest r = request("Subject: x\r\n\r\n");
        r = r.with(b -> b.to(List.of("b@m\u00fcnchen.example", "\u7528\u6237@example.com")));
        SendingPlan plan = SendingPlan.decide(r, ehlo("8BITMIME"), false);
        assertThat(plan.recipients()).containsExactly("b@xn--mnchen-3ya.example", "\u7528\u6237@example.com");
        assertThat(plan.refusals()).singleElement().asString().contains("non-ASCII local part");
        SendingPlan utf8 = SendingPlan.decide(r, ehlo("SMTPUTF8"), false);
        assertThat(utf8.smtpUtf8()).isTrue();
        assertThat(utf8.recipients()).isEqualTo(r.to());
        assertThat(utf8.sendable()).isTrue();
    }

    @Test
    void requireTlsOnlyInsideTls() {
        SendRequest r = request("Subject: x\r\n\r\n");
        r = r.with(b -> b.requireTls(true));
        assertThat(SendingPlan.decide(r, ehlo("REQUIRETLS"), false).refusals()).singleElement().asString()
                .contains("REQUIRETLS needs a TLS connection");
        assertThat(SendingPlan.decide(r, ehlo("REQUIRETLS"), true).mail(r).line()).endsWith(" REQUIRETLS");
    }

    /** No chunk size (the default): one chunk for the whole message, in chunks of 2 GiB - 1 past that. */
    @Test
    void noChunkSizeMeansTheWholeMessageInOneChunk() {
        SendRequest r = request("x".repeat(3 << 20));
        assertThat(r.chunkSize()).isZero();
        SendingPlan plan = SendingPlan.decide(r, ehlo("CHUNKING"), false);
        assertThat(plan.chunks()).isEqualTo(1);
        assertThat(plan.chunkSize()).isEqualTo(SendingPlan.WHOLE_MESSAGE_CHUNK).isEqualTo(Integer.MAX_VALUE);
        long fiveGiB = 5L << 30;
        SendRequest huge = r.with(b -> b.message(new MessageSource() {
            @Override
            public long size() {
                return fiveGiB;
            }

            @Override
            public java.io.InputStream open() {
                throw new AssertionError("not read to plan");
            }

            @Override
            public MessageTraits traits() {
                return MessageTraits.NONE;
            }

            @Override
            public String description() {
                return "five gibibytes";
            }
        }));
        assertThat(SendingPlan.decide(huge, ehlo("CHUNKING"), false).chunks()).as("2 GiB - 1, 2 GiB - 1, 1 GiB + 2")
                .isEqualTo(3);
    }

    /**
     * In one flight with MAIL and RCPT, with no chunk size: 1 MiB, then each chunk twice the last, the rest whole
     * once it is no more than twice the next; the lengths add up to the message, in as many chunks as counted.
     */
    @Test
    void withTheEnvelopeChunksStartAtOneMebibyteAndDouble() {
        long mib = 1 << 20;
        assertThat(lengths(request("x".repeat(134 << 20)), true)).containsExactly(mib, 2 * mib, 4 * mib, 8 * mib,
                16 * mib, 32 * mib, 71 * mib);
        assertThat(lengths(request("x".repeat(3 << 20)), true)).containsExactly(mib, 2 * mib);
        assertThat(lengths(request("x".repeat(1 << 20)), true)).containsExactly(mib);
        assertThat(lengths(request("x".repeat(100)), true)).containsExactly(100L);
        assertThat(lengths(request("x".repeat(3 << 20)), false)).as("after the envelope's replies").containsExactly(
                3 * mib);
        SendRequest fixed = request("x".repeat(10)).with(b -> b.chunkSize(4));
        assertThat(lengths(fixed, true)).as("a chunk size asked for is kept").containsExactly(4L, 4L, 2L);
        for (long size : new long[] {0, 1, mib - 1, mib + 1, 3 * mib + 1, 6 * mib, 7 * mib, 200 * mib + 5}) {
            SendingPlan p = SendingPlan.decide(request("x".repeat((int) size)), ehlo("CHUNKING", "PIPELINING"), false);
            List<Long> l = lengths(request("x".repeat((int) size)), true);
            assertThat(l.stream().mapToLong(Long::longValue).sum()).as("size %d", size).isEqualTo(size);
            assertThat(l).as("size %d", size).hasSize((int) p.chunks(true));
        }
    }

    private static List<Long> lengths(SendRequest r, boolean withEnvelope) {
        SendingPlan p = SendingPlan.decide(r, ehlo("CHUNKING", "PIPELINING"), false);
        List<Long> out = new java.util.ArrayList<>();
        long sent = 0;
        long previous = 0;
        for (long i = 0; i < p.chunks(withEnvelope); i++) {
            previous = p.nextChunk(withEnvelope, sent, previous);
            out.add(previous);
            sent += previous;
        }
        return out;
    }

    @Test
    void chunksAndPipelining() {
        SendRequest r = request("x".repeat(10));
        r = r.with(b -> b.chunkSize(4));
        SendingPlan plan = SendingPlan.decide(r, ehlo("CHUNKING", "PIPELINING"), false);
        assertThat(plan.chunks()).isEqualTo(3);
        assertThat(plan.pipelining()).isTrue();
        r = r.with(b -> b.pipelining(false));
        assertThat(SendingPlan.decide(r, ehlo("CHUNKING", "PIPELINING"), false).pipelining()).isFalse();
        r = r.with(b -> b.message(MessageSource.of(new byte[0], "empty")));
        assertThat(SendingPlan.decide(r, ehlo("CHUNKING"), false).chunks()).isEqualTo(1);
    }
}
