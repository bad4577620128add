package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxTest {
    private static Mailbox parse(String path) {
        Mailbox.Path p = Mailbox.parse(path, 0, true, true, "5.1.3");
        assertThat(p.end()).isEqualTo(path.length());
        return p.mailbox();
    }

    private static void refused(String path, String why) {
        assertThatThrownBy(() -> Mailbox.parse(path, 0, false, false, "5.1.3"))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.code()).isEqualTo(501);
                    assertThat(r.enhanced()).isEqualTo("5.1.3");
                })
                .hasMessageContaining(why);
    }

    @Test
    void acceptsTheRfc5321Forms() {
        assertThat(parse("<>")).isNull();
        assertThat(parse("<Postmaster>")).isEqualTo(new Mailbox("Postmaster", ""));
        assertThat(parse("<a.b+c@lab.example>").address()).isEqualTo("a.b+c@lab.example");
        assertThat(parse("<\"john doe\"@example.com>").plainLocalPart()).isEqualTo("john doe");
        assertThat(parse("<\"a>b\"@example.com>").address()).isEqualTo("\"a>b\"@example.com");
        assertThat(parse("<@one.test,@two.test:x@example.com>").address()).isEqualTo("x@example.com");
        assertThat(parse("<x@[127.0.0.1]>").domain()).isEqualTo("[127.0.0.1]");
        Mailbox utf8 = parse("<用户@例子.中国>");
        assertThat(utf8.needsSmtpUtf8()).isTrue();
        assertThat(parse("<a@xn--fsqu00a.xn--fiqs8s>").needsSmtpUtf8()).isFalse();
    }

    @Test
    void refusesWhatIsNotAnAddressAndSaysWhy() {
        refused("a@example.com", "angle brackets");
        refused("<a@example.com", "missing '>'");
        refused("<>", "only allowed as sender");
        refused("<a>", "not of the form local-part@domain");
        refused("<a..b@example.com>", "empty atom");
        refused("<a b@example.com>", "character ' '");
        refused("<a@-bad.example>", "bad domain");
        refused("<a@exa mple.com>", "not allowed in the domain");
        refused("<" + "x".repeat(65) + "@example.com>", "Local part too long");
        refused("<\"open@example.com>", "missing '>'");
    }

    @Test
    void labDomainsInEveryForm() {
        assertThat(MailboxRules.isLabDomain("LAB.example")).isTrue();
        assertThat(MailboxRules.isLabDomain("例子.中国")).isTrue();
        assertThat(MailboxRules.isLabDomain("XN--FSQU00A.xn--fiqs8s")).isTrue();
        assertThat(MailboxRules.isLabDomain("example.org")).isFalse();
        assertThat(MailboxRules.isLabDomain("[127.0.0.1]")).isFalse();
    }
}
