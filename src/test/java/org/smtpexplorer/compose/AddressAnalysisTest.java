package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressAnalysisTest {

    @Test
    void anAsciiAddressIsAscii() {
        AnalysedAddress a = AddressAnalysis.analyse("bob@example.com");

        assertThat(a.kind()).isEqualTo(AddressKind.ASCII);
        assertThat(a.form(false)).isEqualTo("bob@example.com");
        assertThat(a.hasNonAscii()).isFalse();
    }

    @Test
    void anAsciiLocalPartAtAnIdnDomainIsAnIdnDomainWithBothLabels() {
        AnalysedAddress a = AddressAnalysis.analyse("info@münchen.de");

        assertThat(a.kind()).isEqualTo(AddressKind.IDN_DOMAIN);
        assertThat(a.unicodeDomain()).isEqualTo("münchen.de");
        assertThat(a.asciiDomain()).isEqualTo("xn--mnchen-3ya.de");
        assertThat(a.form(false)).isEqualTo("info@xn--mnchen-3ya.de");
        assertThat(a.form(true)).isEqualTo("info@münchen.de");
        assertThat(a.describe()).contains("xn--mnchen-3ya.de");
    }

    @Test
    void aTypedALabelIsRecognisedAndShownInUnicode() {
        AnalysedAddress a = AddressAnalysis.analyse("info@xn--fsqu00a.xn--fiqs8s");

        assertThat(a.kind()).isEqualTo(AddressKind.IDN_DOMAIN);
        assertThat(a.unicodeDomain()).isEqualTo("例子.中国");
        assertThat(a.hasNonAscii()).isFalse();
    }

    @Test
    void aNonAsciiLocalPartAtAnAsciiDomainIsNotAnIdnCase() {
        AnalysedAddress a = AddressAnalysis.analyse("münchen@example.de");

        assertThat(a.kind()).isEqualTo(AddressKind.NON_ASCII_LOCAL_PART);
        assertThat(a.asciiDomain()).isEqualTo("example.de");
        assertThat(a.form(false)).as("there is no ASCII form to fall back to").isEqualTo("münchen@example.de");
        assertThat(a.describe()).contains("needs SMTPUTF8", "cannot be downgraded");
    }

    @Test
    void aChineseAddressHasANonAsciiLocalPartAndAnIdnDomain() {
        AnalysedAddress a = AddressAnalysis.analyse("用户@例子.中国");

        assertThat(a.kind()).isEqualTo(AddressKind.NON_ASCII_LOCAL_PART);
        assertThat(a.localPart()).isEqualTo("用户");
        assertThat(a.asciiDomain()).isEqualTo("xn--fsqu00a.xn--fiqs8s");
    }

    @Test
    void aListKeepsDisplayNamesIncludingQuotedCommasAndEncodedWords() {
        List<AnalysedAddress> list = AddressAnalysis.parseList(
                "Name <a@b.example>, c@d.example, \"Doe, John\" <j@example.com>, =?UTF-8?Q?J=C3=B6rg?= <j@x.example>");

        assertThat(list).extracting(AnalysedAddress::displayName).containsExactly("Name", "", "Doe, John", "Jörg");
        assertThat(list).extracting(AnalysedAddress::address).containsExactly("a@b.example", "c@d.example",
                "j@example.com", "j@x.example");
        assertThat(list).allMatch(AnalysedAddress::isValid);
    }

    @Test
    void oneBadAddressDoesNotHideTheOthers() {
        List<AnalysedAddress> list = AddressAnalysis.parseList("ok@example.com, a@b c@d, x@a..b, good@example.org");

        assertThat(list).extracting(AnalysedAddress::kind).containsExactly(AddressKind.ASCII, AddressKind.INVALID,
                AddressKind.INVALID, AddressKind.ASCII);
        assertThat(list.get(1).reason()).contains("separate addresses with commas");
        assertThat(list.get(2).reason()).containsIgnoringCase("dot-dot");
    }

    @Test
    void invalidAddressesSayWhy() {
        assertThat(AddressAnalysis.analyse("bob").reason()).contains("local@domain");
        assertThat(AddressAnalysis.analyse("bob@").reason()).containsIgnoringCase("missing domain");
        assertThat(AddressAnalysis.analyse("<bob@example.com").reason()).contains("'>'");
        assertThat(AddressAnalysis.analyse("bob@-example.com").reason()).contains("not a valid host name");
        assertThat(AddressAnalysis.analyse("bob@" + "a".repeat(64) + ".com").reason()).contains("too long");
        assertThat(AddressAnalysis.analyse("bob@" + "a.".repeat(127) + "com").reason()).contains("limit is 255");
        assertThat(AddressAnalysis.analyse("bob@xn--zz.com").reason()).contains("not a valid A-label");
        assertThat(AddressAnalysis.analyse("a@b.example\r\nBcc: x@y.example").reason()).contains("line break");
        assertThat(AddressAnalysis.analyse("team: a@b.example;").reason()).contains("group");
        assertThat(AddressAnalysis.analyse("a@b.example, c@d.example").reason()).contains("found 2");
        assertThat(AddressAnalysis.analyse("bob@[300.1.1.1]").reason()).contains("address literal");
    }

    @Test
    void addressLiteralsAreValid() {
        assertThat(AddressAnalysis.analyse("bob@[192.0.2.1]").kind()).isEqualTo(AddressKind.ASCII);
        assertThat(AddressAnalysis.analyse("bob@[IPv6:2001:db8::1]").kind()).isEqualTo(AddressKind.ASCII);
    }

    @Test
    void notesWarnWithoutInvalidating() {
        AnalysedAddress longLocal = AddressAnalysis.analyse("a".repeat(70) + "@example.com");
        AnalysedAddress mapped = AddressAnalysis.analyse("info@Straße.de");

        assertThat(longLocal.isValid()).isTrue();
        assertThat(longLocal.notes()).singleElement().asString().contains("70 octets");
        assertThat(mapped.kind()).isEqualTo(AddressKind.IDN_DOMAIN);
        assertThat(mapped.asciiDomain()).isEqualTo("strasse.de");
        assertThat(mapped.notes()).singleElement().asString().contains("IDNA2003", "strasse.de");
    }

    @Test
    void anEmptyFieldHasNoAddresses() {
        assertThat(AddressAnalysis.parseList("  ")).isEmpty();
        assertThat(AddressAnalysis.parseList(null)).isEmpty();
    }

    @Test
    void aLineBreakAtTheVeryStartOfAFieldIsCaughtToo() {
        // A field that starts with CR or LF would otherwise parse as the address after it, and the line break
        // would reach the header.
        assertThat(AddressAnalysis.parseList("\rbob@example.com")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("contains a line break"));
        assertThat(AddressAnalysis.parseList("\nBcc: bob@example.com")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("contains a line break"));
    }

    @Test
    void analyseWantsExactlyOneAddress() {
        assertThat(AddressAnalysis.analyse("bob@example.com").isValid()).isTrue();
        assertThat(AddressAnalysis.analyse("").reason()).isEqualTo("no address given");
        assertThat(AddressAnalysis.analyse(null).reason()).isEqualTo("no address given");
        assertThat(AddressAnalysis.analyse("a@example.com, b@example.com, c@example.com").reason())
                .isEqualTo("one address expected, found 3");
    }

    @Test
    void aLocalPartOf64OctetsIsFineAnd65GetANote() {
        // RFC 5321 §4.5.3.1.1 counts octets: 32 two-octet characters are 64 octets, one more ASCII letter is 65.
        AnalysedAddress at64 = AddressAnalysis.analyse("a".repeat(64) + "@example.com");
        AnalysedAddress utf8At64 = AddressAnalysis.analyse("ü".repeat(32) + "@example.com");
        AnalysedAddress at65 = AddressAnalysis.analyse("ü".repeat(32) + "a@example.com");

        assertThat(at64.notes()).isEmpty();
        assertThat(utf8At64.notes()).isEmpty();
        assertThat(at65.isValid()).isTrue();
        assertThat(at65.notes()).singleElement().asString().contains("65 octets", "64");
    }

    @Test
    void aNonAsciiLocalPartNotInNfcGetsANote() {
        String decomposed = "mu\u0308nchen@example.de";
        String composed = "m\u00fcnchen@example.de";

        assertThat(AddressAnalysis.analyse(decomposed).notes()).singleElement().asString().contains("NFC");
        assertThat(AddressAnalysis.analyse(composed).notes()).isEmpty();
        assertThat(AddressAnalysis.analyse(composed).kind()).isEqualTo(AddressKind.NON_ASCII_LOCAL_PART);
    }

    @Test
    void aDomainOf255OctetsIsValidAnd256IsNot() {
        String label = "a".repeat(63);
        String domain255 = String.join(".", label, label, label, "b".repeat(63));
        String domain256 = String.join(".", label, label, label, "b".repeat(61), "cc");

        assertThat(domain255).hasSize(255);
        assertThat(domain256).hasSize(256);
        assertThat(AddressAnalysis.analyse("bob@" + domain255).kind()).isEqualTo(AddressKind.ASCII);
        assertThat(AddressAnalysis.analyse("bob@" + domain256).reason())
                .isEqualTo("the domain is 256 octets in ASCII form; the limit is 255");
    }

    @Test
    void aMissingLocalPartOrDomainIsNamedWithoutAMisleadingHint() {
        // The hint "an address is local@domain" is for text without any '@'; these have one.
        assertThat(AddressAnalysis.analyse("@example.com").reason()).isEqualTo("missing local name");
        assertThat(AddressAnalysis.analyse("user@").reason()).isEqualTo("missing domain");
        assertThat(AddressAnalysis.analyse("user").reason()).endsWith("; an address is local@domain");
    }

    @Test
    void aControlCharacterInsideQuotesMakesTheAddressInvalidThoughTheMimeParserAcceptsIt() {
        AnalysedAddress a = AddressAnalysis.analyse("\"a\u0001b\"@example.com");
        assertThat(a.kind()).isEqualTo(AddressKind.INVALID);
        assertThat(a.reason()).contains("control character U+0001 at position 2, inside quotes");
        assertThat(AddressAnalysis.analyse("\"a b\"@example.com").kind()).isEqualTo(AddressKind.ASCII);
    }
}
