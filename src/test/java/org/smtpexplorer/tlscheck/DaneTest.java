package org.smtpexplorer.tlscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.testing.TestCerts;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/** TLSA matching against chains made with Bouncy Castle, each usage, selector and matching type. */
class DaneTest {
    private static final TestCerts.Issued CA = TestCerts.ca("Dane test CA");
    private static final TestCerts.Issued SERVER = TestCerts.server(CA, "mx.example.test");
    private static final TestCerts.Issued OTHER = TestCerts.server(CA, "mx.example.test");

    private static TLSARecord tlsa(int usage, int selector, int matching, TestCerts.Issued cert) throws Exception {
        return new TLSARecord(Name.fromConstantString("_25._tcp.mx.example.test."), DClass.IN, 60, usage, selector,
                matching, Dane.associationData(cert.cert(), selector, matching));
    }

    private static Dane.Verdict check(List<TLSARecord> records, TestCerts.Issued server, String host) {
        return Dane.check(records, server.chain(), host, Instant.now());
    }

    @Test
    void daneEeMatchesTheLeafByEverySelectorAndMatchingType() throws Exception {
        for (int selector = 0; selector <= 1; selector++) {
            for (int matching = 0; matching <= 2; matching++) {
                Dane.Verdict v = check(List.of(tlsa(3, selector, matching, SERVER)), SERVER, "mx.example.test");
                assertThat(v.mark()).as("3 %d %d", selector, matching).isEqualTo(Mark.PASS);
            }
        }
        // DANE-EE ignores names: the same record authenticates the server under any MX name.
        assertThat(check(List.of(tlsa(3, 1, 1, SERVER)), SERVER, "elsewhere.test").mark()).isEqualTo(Mark.PASS);
    }

    @Test
    void aRecordForAnotherKeyFails() throws Exception {
        Dane.Verdict v = check(List.of(tlsa(3, 1, 1, OTHER)), SERVER, "mx.example.test");
        assertThat(v.mark()).isEqualTo(Mark.FAIL);
        assertThat(v.records()).singleElement().extracting(Finding::text).asString()
                .contains("does not match the server's certificate (its key digest is ");
    }

    @Test
    void daneTaMatchesTheCaInTheChainAndStillChecksTheName() throws Exception {
        assertThat(check(List.of(tlsa(2, 0, 1, CA)), SERVER, "mx.example.test").mark()).isEqualTo(Mark.PASS);
        Dane.Verdict wrongName = check(List.of(tlsa(2, 0, 1, CA)), SERVER, "mx.other.test");
        assertThat(wrongName.mark()).isEqualTo(Mark.FAIL);
        assertThat(wrongName.records().get(0).text()).contains("does not name mx.other.test");
        Dane.Verdict absent = check(List.of(tlsa(2, 1, 0, TestCerts.ca("Another CA"))), SERVER, "mx.example.test");
        assertThat(absent.records().get(0).text()).contains("matches no CA certificate in the presented chain (1"
                + " besides the server's own); a 2 1 0 record may name a CA key the server does not send");
        // A trust anchor record for the leaf itself is no trust anchor.
        assertThat(check(List.of(tlsa(2, 0, 1, SERVER)), SERVER, "mx.example.test").mark()).isEqualTo(Mark.FAIL);
    }

    @Test
    void pkixUsagesAreExplainedAndSetAsideForSmtp() throws Exception {
        Dane.Verdict v = check(List.of(tlsa(0, 0, 1, CA), tlsa(1, 1, 1, SERVER)), SERVER, "mx.example.test");
        assertThat(v.mark()).isEqualTo(Mark.WARN);
        assertThat(v.summary()).startsWith("no usable TLSA record: TLS is still mandatory");
        assertThat(v.records()).allSatisfy(f -> {
            assertThat(f.mark()).isEqualTo(Mark.INFO);
            assertThat(f.source()).isEqualTo("RFC 7672 §3.1.3");
            assertThat(f.text()).contains("not used for SMTP");
        });
        assertThat(Dane.explain(tlsa(0, 0, 1, CA))).isEqualTo("0 0 1 (PKIX-TA: a CA that must also be publicly"
                + " trusted; the whole certificate; SHA-256 digest)");
    }

    @Test
    void oneMatchingRecordIsEnoughAmongOthersThatDoNot() throws Exception {
        Dane.Verdict v = check(List.of(tlsa(3, 1, 1, OTHER), tlsa(3, 1, 2, SERVER)), SERVER, "mx.example.test");
        assertThat(v.mark()).isEqualTo(Mark.PASS);
        assertThat(v.summary()).isEqualTo("DANE authenticates the server: TLSA 3 1 2 matches");
        assertThat(v.records()).extracting(Finding::mark).containsExactly(Mark.FAIL, Mark.PASS);
    }
}
