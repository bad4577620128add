package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private static Capabilities parse(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            sb.append("250").append(i == lines.length - 1 ? ' ' : '-').append(lines[i]).append("\r\n");
        }
        return Capabilities.parse(new ReplyParser().feed(sb.toString().getBytes(StandardCharsets.UTF_8)).get(0));
    }

    @Test
    void typedAccessors() {
        Capabilities c = parse("mx.example Hello", "PIPELINING", "SIZE 10240000", "8BITMIME", "BINARYMIME",
                "CHUNKING", "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES", "STARTTLS", "REQUIRETLS",
                "LIMITS RCPTMAX=100 MAILMAX=5 RCPTDOMAINMAX=10", "DELIVERBY 120", "AUTH PLAIN login CRAM-MD5",
                "X-WEIRD 1 2");
        assertThat(c.serverDomain()).isEqualTo("mx.example");
        assertThat(c.pipelining() && c.chunking() && c.binaryMime() && c.eightBitMime() && c.smtpUtf8() && c.dsn()
                && c.enhancedStatusCodes() && c.startTls() && c.requireTls()).isTrue();
        assertThat(c.sizeLimit()).hasValue(10240000);
        assertThat(c.limits().rcptMax()).hasValue(100);
        assertThat(c.limits().mailMax()).hasValue(5);
        assertThat(c.limits().rcptDomainMax()).hasValue(10);
        assertThat(c.deliverBy()).hasValue(120);
        assertThat(c.authMechanisms()).containsExactly("PLAIN", "LOGIN", "CRAM-MD5");
        assertThat(c.unknownKeywords()).containsExactly("X-WEIRD");
        assertThat(c.params("x-weird")).containsExactly("1", "2");
    }

    @Test
    void oldAuthEqualsFormIsFoldedIn() {
        Capabilities c = parse("mx", "AUTH LOGIN PLAIN", "AUTH=LOGIN XOAUTH2");
        assertThat(c.authMechanisms()).containsExactly("LOGIN", "PLAIN", "XOAUTH2");
        assertThat(c.unknownKeywords()).isEmpty();
    }

    @Test
    void sizeZeroMissingGarbageHugeAndNegative() {
        assertThat(parse("mx", "SIZE 0").sizeLimit()).isEmpty();
        assertThat(parse("mx", "SIZE").sizeLimit()).isEmpty();
        assertThat(parse("mx").sizeLimit()).isEmpty();
        Capabilities garbage = parse("mx", "SIZE lots");
        assertThat(garbage.sizeLimit()).isEmpty();
        assertThat(garbage.warnings()).anyMatch(w -> w.contains("not a number"));
        assertThat(parse("mx", "SIZE -5").sizeLimit()).isEmpty();
        assertThat(parse("mx", "SIZE 99999999999999999999999999999").sizeLimit()).hasValue(Long.MAX_VALUE);
    }

    @Test
    void duplicatesWarnAndHugeKeywordListsAreKept() {
        Capabilities c = parse("mx", "PIPELINING", "pipelining");
        assertThat(c.warnings()).anyMatch(w -> w.contains("more than once"));
        String[] many = new String[999];
        many[0] = "mx";
        for (int i = 1; i < many.length; i++) {
            many[i] = "X-K" + i;
        }
        assertThat(parse(many).keywords()).hasSize(998);
    }

    @Test
    void heloGivesNoExtensions() {
        SmtpReply r = SmtpReply.of(250, "old.example");
        Capabilities c = Capabilities.fromHelo(r);
        assertThat(c.ehlo()).isFalse();
        assertThat(c.keywords()).isEmpty();
        assertThat(c.serverDomain()).isEqualTo("old.example");
    }
}
