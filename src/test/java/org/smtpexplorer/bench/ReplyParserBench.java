package org.smtpexplorer.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpReply;

/** JMH: ReplyParser.feed on a typical 12-line EHLO reply (run with bench/jmh.sh). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyParserBench {
    static final byte[] EHLO = ("250-mx.example.com Hello client.example.org [192.0.2.10]\r\n"
            + "250-SIZE 52428800\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-PIPE_CONNECT\r\n250-CHUNKING\r\n"
            + "250-BINARYMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n"
            + "250-AUTH PLAIN LOGIN SCRAM-SHA-256\r\n250 STARTTLS\r\n").getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public List<SmtpReply> ehloReply() {
        return new ReplyParser().feed(EHLO);
    }
}
