package org.smtpexplorer.ui.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Addresses in a certificate's names read as people write them (the lab's ::1 showed as 000…0001). */
class CertificateDescriberTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void addressesInTheirUsualForm() {
        assertThat(CertificateDescriber.ipText(hex("7f000001"))).isEqualTo("127.0.0.1");
        assertThat(CertificateDescriber.ipText(hex("00000000000000000000000000000001"))).isEqualTo("::1");
        assertThat(CertificateDescriber.ipText(hex("00000000000000000000000000000000"))).isEqualTo("::");
        assertThat(CertificateDescriber.ipText(hex("20010db8000000000000000000000001"))).isEqualTo("2001:db8::1");
        assertThat(CertificateDescriber.ipText(hex("20010db8000000010000000000000001"))).isEqualTo("2001:db8:0:1::1");
        assertThat(CertificateDescriber.ipText(hex("20010db8000100000000000100000000")))
                .as("the first of two equal runs").isEqualTo("2001:db8:1::1:0:0");
        assertThat(CertificateDescriber.ipText(hex("20010db8000100010001000100010001")))
                .as("one zero group is not shortened").isEqualTo("2001:db8:1:1:1:1:1:1");
        assertThat(CertificateDescriber.ipText(hex("fe800000000000000000000000000000"))).isEqualTo("fe80::");
        assertThat(CertificateDescriber.ipText(hex("0a0b"))).isEqualTo("0a0b");
    }
}
