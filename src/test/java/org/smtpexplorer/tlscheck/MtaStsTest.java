package org.smtpexplorer.tlscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtaStsTest {
    private static MtaSts.Policy policy(String body) throws MtaSts.MtaStsException {
        return MtaSts.parsePolicy(body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static void rejected(String body, String message) {
        assertThatThrownBy(() -> policy(body)).isInstanceOf(MtaSts.MtaStsException.class).hasMessage(message);
    }

    @Test
    void aPolicyWithCrlfOrLfLinesAndExtensionFields() throws Exception {
        MtaSts.Policy p = policy("version: STSv1\r\nmode: testing\r\nmx: MAIL.example.com\r\nmx: *.example.net\r\n"
                + "max_age:86400\r\nx_note: ignored\r\n");
        assertThat(p.mode()).isEqualTo(MtaSts.Mode.TESTING);
        assertThat(p.maxAge()).isEqualTo(86400);
        assertThat(p.mx()).containsExactly("mail.example.com", "*.example.net");
        assertThat(policy("version: STSv1\nmode: none\nmax_age: 0").mx()).isEmpty();
    }

    @Test
    void eachBrokenRuleHasItsOwnError() {
        rejected("mode: enforce\nmx: a.test\nmax_age: 1\n", "the policy has no \"version: STSv1\" line");
        rejected("version: STSv2\nmode: enforce\n", "version must be STSv1, not \"STSv2\"");
        rejected("version: STSv1\nmode: strict\n", "mode must be enforce, testing or none, not \"strict\"");
        rejected("version: STSv1\nmode: enforce\nmx: a.test\n", "the policy has no \"max_age\" line");
        rejected("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1y\n",
                "max_age must be a number of seconds (1 to 10 digits), not \"1y\"");
        rejected("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 31557601\n",
                "max_age 31557601 is over the limit of 31557600 seconds (one year, RFC 8461 §3.2)");
        rejected("version: STSv1\nmode: enforce\nmax_age: 60\n",
                "the policy lists no \"mx\" pattern, so no MX host could match it");
        rejected("version: STSv1\nmode: enforce\nmode: none\n", "\"mode\" appears more than once (line 3)");
        rejected("version: STSv1\nmode: enforce\nmx: a.*.test\nmax_age: 1\n", "mx pattern \"a.*.test\" is not a host"
                + " name or *.domain (a wildcard is allowed only as the whole leftmost label)");
        rejected("version: STSv1\n<html>\n", "line 2 is not \"field: value\": \"<html>\"");
        assertThatThrownBy(() -> MtaSts.parsePolicy("version: STSv1".getBytes(StandardCharsets.US_ASCII),
                "text/html")).hasMessage("the policy must be served as text/plain (RFC 8461 §3.3), not as"
                + " \"text/html\"");
    }

    @Test
    void aWildcardPatternMatchesExactlyOneLabel() {
        assertThat(MtaSts.matches("*.example.com", "mx1.example.com")).isTrue();
        assertThat(MtaSts.matches("*.example.com", "MX1.Example.COM.")).isTrue();
        assertThat(MtaSts.matches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(MtaSts.matches("*.example.com", "example.com")).isFalse();
        assertThat(MtaSts.matches("*.example.com", "xexample.com")).isFalse();
        assertThat(MtaSts.matches("mail.example.com", "mail.example.com.")).isTrue();
        assertThat(MtaSts.matches("mail.example.com", "mail2.example.com")).isFalse();
    }

    @Test
    void theTxtRecordIsStrict() throws Exception {
        assertThat(MtaSts.parseTxt(List.of("v=spf1 -all", "v=STSv1; id=abc123;")).id()).isEqualTo("abc123");
        assertThat(MtaSts.parseTxt(List.of("v=STSv1;id=20190429T010101; ext=yes")).id())
                .isEqualTo("20190429T010101");
        assertThatThrownBy(() -> MtaSts.parseTxt(List.of("v=STSv1; id=1", "v=STSv1; id=2")))
                .hasMessageStartingWith("2 TXT records start with \"v=STSv1\"; there must be exactly one");
        assertThatThrownBy(() -> MtaSts.parseTxt(List.of("v=STSv1;")))
                .hasMessage("the record has no id (RFC 8461 §3.1: \"id\" is required)");
        assertThatThrownBy(() -> MtaSts.parseTxt(List.of("v=STSv1; id=has-dash")))
                .hasMessage("id must be 1 to 32 letters and digits (RFC 8461 §3.1), not \"has-dash\"");
        assertThatThrownBy(() -> MtaSts.parseTxt(List.of("v=STSv1; id=a;; x=y")))
                .hasMessageStartingWith("empty field between \";;\"");
    }

    @Test
    void tlsRptNeedsOneRecordWithMailtoOrHttpsReportAddresses() throws Exception {
        assertThat(TlsRpt.parse(List.of("v=TLSRPTv1; rua=mailto:a@example.com, https://r.example.com/x")).rua())
                .containsExactly("mailto:a@example.com", "https://r.example.com/x");
        assertThatThrownBy(() -> TlsRpt.parse(List.of("v=TLSRPTv1;")))
                .hasMessage("the record has no rua= (where to send reports; required, RFC 8460 §3)");
        assertThatThrownBy(() -> TlsRpt.parse(List.of("v=TLSRPTv1; rua=ftp://x.test")))
                .hasMessage("rua \"ftp://x.test\" is neither a mailto: address nor an https: URI (RFC 8460 §3)");
        assertThatThrownBy(() -> TlsRpt.parse(List.of("v=TLSRPTv1; rua=mailto:a@b.test", "v=TLSRPTv1; rua=mailto:c@d.test")))
                .hasMessageStartingWith("2 TXT records start with \"v=TLSRPTv1\"");
    }
}
