package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.engine.auth.Mechanisms;

/**
 * Addresses, parameters, xtext, the state table's corners and the SASL remarks, at their edges (found by
 * mutation testing: each assertion here failed against some changed engine).
 */
class EnvelopeEdgesTest {

    @Test
    void addressesAtTheirEdges() {
        Addresses.checkPath("recipient", "a@b", false);
        Addresses.checkPath("recipient", "\"a b\"@example.com", false);
        Addresses.checkPath("recipient", "\"a\\\" b\"@example.com", false);
        Addresses.checkPath("recipient", "postmaster", false);
        Addresses.checkPath("recipient", "PostMaster", false);
        Addresses.checkPath("sender", "", true);
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "@example.com", false))
                .hasMessageContaining("not of the form local@domain");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "user@", false))
                .hasMessageContaining("not of the form local@domain");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "user", false))
                .hasMessageContaining("not of the form local@domain");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "", false)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", null, false)).hasMessageContaining("missing");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "a b@example.com", false))
                .hasMessageContaining("at position 1");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "<a@example.com>", false))
                .hasMessageContaining("at position 0");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "a\u001f@example.com", false))
                .hasMessageContaining("at position 1");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "a\u007f@example.com", false))
                .hasMessageContaining("at position 1");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "a\t@example.com", false))
                .hasMessageContaining("at position 1");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "\"a\"b c\"@example.com", false))
                .as("a quote that closes ends the quoting").hasMessageContaining("at position 4");
        assertThat(Addresses.needsSmtpUtf8("a@example.com\u007f")).isFalse();
        assertThat(Addresses.needsSmtpUtf8("a@example.com\u0080")).isTrue();
    }

    @Test
    void aQuotedLocalPartAllowsNoControlCharacterAndMustBeClosed() {
        Addresses.checkPath("recipient", "\"a\\\\\"@example.com", false);
        Addresses.checkPath("recipient", "\"a\\\"b\"@example.com", false);
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "\"a\u007fb\"@example.com", false))
                .hasMessageContaining("control character U+007F at position 2, inside quotes");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "\"a\tb\"@example.com", false))
                .hasMessageContaining("a tab at position 2, inside quotes");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "\"a\\\u0001\"@example.com", false))
                .hasMessageContaining("control character U+0001 at position 3, escaped inside quotes");
        assertThatThrownBy(() -> Addresses.checkPath("recipient", "\"ab@example.com", false))
                .hasMessageContaining("opens a quote that it never closes");
        assertThat(Addresses.characterProblem("\"a b\"@example.com")).isNull();
    }

    @Test
    void parametersAtTheirEdges() {
        assertThat(MailParameters.builder().size(0).build().get("SIZE")).isEqualTo("0");
        assertThatThrownBy(() -> MailParameters.builder().size(-1)).hasMessageContaining("negative");
        MailParameters p = MailParameters.builder().requireTls().ret("full").envid("a+b=c")
                .notify("success, failure").orcpt("b@example.com").build();
        assertThat(p.render()).isEqualTo(" REQUIRETLS RET=FULL ENVID=a+2Bb+3Dc NOTIFY=SUCCESS,FAILURE"
                + " ORCPT=rfc822;b@example.com");
        assertThat(p.has("REQUIRETLS")).isTrue();
        assertThat(p.has("SIZE")).isFalse();
        assertThatThrownBy(() -> MailParameters.builder().ret("ALL")).hasMessageContaining("FULL or HDRS");
        assertThat(MailParameters.builder().ret("hdrs").build().get("RET")).isEqualTo("HDRS");
        assertThat(MailParameters.builder().envid("x".repeat(100)).build().get("ENVID")).hasSize(100);
        assertThatThrownBy(() -> MailParameters.builder().envid("x".repeat(101))).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> MailParameters.builder().envid("")).hasMessageContaining("1 to 100");
        assertThat(MailParameters.builder().notify("never").build().get("NOTIFY")).isEqualTo("NEVER");
        assertThat(MailParameters.builder().notify("DELAY").build().get("NOTIFY")).isEqualTo("DELAY");
        assertThatThrownBy(() -> MailParameters.builder().notify("NEVER,SUCCESS")).hasMessageContaining("NEVER cannot");
        assertThatThrownBy(() -> MailParameters.builder().notify("SOMETIMES")).hasMessageContaining("\"SOMETIMES\"");
        assertThat(MailParameters.builder().orcpt("\u7528@example.com").build().get("ORCPT"))
                .isEqualTo("utf-8;\u7528@example.com");
        assertThatThrownBy(() -> MailParameters.builder().orcpt("a\r\n@example.com")).hasMessageContaining("CR");
        assertThat(MailParameters.builder().raw("x-a", "1").raw("X-FLAG", null).build().render())
                .isEqualTo(" X-A=1 X-FLAG");
        assertThatThrownBy(() -> MailParameters.builder().raw("", "1")).hasMessageContaining("not a single word");
        assertThatThrownBy(() -> MailParameters.builder().raw("A B", "1")).hasMessageContaining("not a single word");
        assertThatThrownBy(() -> MailParameters.builder().raw("A=B", "1")).hasMessageContaining("not a single word");
        assertThatThrownBy(() -> MailParameters.builder().raw("A\r", "1")).hasMessageContaining("CR");
        assertThatThrownBy(() -> MailParameters.builder().raw("A", "1\n")).hasMessageContaining("LF");
        assertThat(MailParameters.parse("  size=10   SMTPUTF8 ").asMap()).containsExactly(
                java.util.Map.entry("SIZE", "10"), new java.util.AbstractMap.SimpleEntry<>("SMTPUTF8", null));
        assertThat(MailParameters.parse("").asMap()).isEmpty();
    }

    @Test
    void xtextBothWays() {
        assertThat(Xtext.encode("!~ +=\u00e9")).isEqualTo("!~+20+2B+3D+C3+A9");
        assertThat(Xtext.encode("\u007f\"")).isEqualTo("+7F\"");
        assertThat(Xtext.decode("a+2Bb")).isEqualTo("a+b");
        assertThat(Xtext.decode("+41")).isEqualTo("A");
        assertThatThrownBy(() -> Xtext.decode("a+4")).hasMessageContaining("inside a +HH escape");
        assertThatThrownBy(() -> Xtext.decode("a+")).hasMessageContaining("inside a +HH escape");
    }

    @Test
    void theStateTablesCorners() {
        assertThat(SessionRules.isLegal(SessionState.READY, Verb.RAW)).isTrue();
        assertThat(SessionRules.isLegal(SessionState.DATA_BODY, Verb.RAW)).as("the body is not a command line")
                .isFalse();
        assertThat(SessionRules.isLegal(SessionState.CLOSED, Verb.RAW)).isFalse();
        SmtpReply ok = new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0);
        SmtpReply no = new ReplyParser().feed("550 no\r\n".getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(SessionRules.next(SessionState.MAIL, SmtpCommand.rset(), ok)).isEqualTo(SessionState.READY);
        assertThat(SessionRules.next(SessionState.GREETED, SmtpCommand.rset(), ok)).as("RSET does not greet")
                .isEqualTo(SessionState.GREETED);
        assertThat(SessionRules.next(SessionState.MAIL, SmtpCommand.rset(), no)).isEqualTo(SessionState.MAIL);
        assertThat(SessionRules.next(SessionState.READY, SmtpCommand.mail("a@b.example"), no))
                .as("a refused MAIL stays ready").isEqualTo(SessionState.READY);
        assertThat(SessionRules.next(SessionState.RCPT, SmtpCommand.data(), no)).as("a refused DATA is no body")
                .isEqualTo(SessionState.RCPT);
        assertThat(SessionRules.next(SessionState.RCPT, SmtpCommand.bdat(5, true), no))
                .as("a failed BDAT LAST leaves the transaction in doubt").isEqualTo(SessionState.BDAT_CHUNKS);
        assertThat(SessionRules.next(SessionState.RCPT, SmtpCommand.bdat(5, true), ok)).isEqualTo(SessionState.READY);
    }

    @Test
    void rawLinesKeepWhatTheySpell() {
        SmtpCommand raw = SmtpCommand.raw("BDAT 7 LAST");
        assertThat(raw.bdatLast()).isTrue();
        assertThat(raw.bdatSize()).isEqualTo(7);
        assertThat(SmtpCommand.raw("HELP").verb()).isEqualTo(Verb.HELP);
        assertThat(((SmtpCommand.Raw) SmtpCommand.raw("HELP")).meaning()).isEqualTo(SmtpCommand.help(""));
        assertThat(((SmtpCommand.Raw) SmtpCommand.raw("VRFY  bob ")).meaning()).isEqualTo(SmtpCommand.vrfy("bob"));
        assertThat(SmtpCommand.help("DATA")).hasToString("HELP DATA");
        assertThatThrownBy(() -> new SmtpCommand.WithArgument(Verb.NOOP, "x")).hasMessageContaining("no free-text");
        assertThatThrownBy(() -> new SmtpCommand.Raw("a\nb", null)).hasMessageContaining("LF");
    }

    @Test
    void crlfStreamReadsByteByByteAndClosesWhatItReads() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream source = new ByteArrayInputStream("a\rb".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (CrlfInputStream in = new CrlfInputStream(source)) {
            assertThat(in.read(new byte[0], 0, 0)).isZero();
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                sb.append((char) b);
            }
            assertThat(sb).hasToString("a\r\nb");
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
        assertThat(closed).isTrue();
        byte[] buf = new byte[8];
        try (CrlfInputStream in = new CrlfInputStream(new ByteArrayInputStream(new byte[] {'x', '\n'}))) {
            assertThat(in.read(buf, 3, 5)).isEqualTo(3);
            assertThat(new String(buf, 3, 3, StandardCharsets.US_ASCII)).isEqualTo("x\r\n");
        }
    }

    @Test
    void saslRemarksSayWhatTheServerSentAndNoSecret() {
        Credentials alice = new Credentials("alice", "wonderland".toCharArray());
        assertThat(alice.toString()).isEqualTo("Credentials[alice, <redacted>]").doesNotContain("wonderland");
        AuthExchange cram = AuthExchange.create(Mechanisms.create("CRAM-MD5", alice, "h", 25), true, false);
        cram.start();
        assertThat(cram.isDone()).isFalse();
        cram.onReply(reply("334 " + b64("<1.2@mx>")));
        assertThat(cram.notes()).containsExactly("CRAM-MD5 challenge <1.2@mx>");
        AuthExchange oauth = AuthExchange.create(Mechanisms.create("XOAUTH2", alice, "h", 25), true, false);
        oauth.start();
        oauth.onReply(reply("334 " + b64("{\"status\":\"401\"}")));
        assertThat(oauth.notes()).containsExactly("XOAUTH2 error from the server: {\"status\":\"401\"}");
        AuthExchange plain = AuthExchange.create(Mechanisms.create("PLAIN", alice, "h", 25), true, false);
        plain.start();
        String notBase64 = "!".repeat(70);
        assertThatThrownBy(() -> plain.onReply(reply("334 " + notBase64))).hasMessage("the 334 challenge is not"
                + " valid base64: \"" + "!".repeat(60) + "...\"");
        AuthExchange login = AuthExchange.create(Mechanisms.create("LOGIN", alice, "h", 25), true, false);
        login.start();
        assertThatThrownBy(() -> login.onReply(reply("334 " + "!".repeat(60)))).hasMessageEndingWith(
                "\"" + "!".repeat(60) + "\"");
        assertThat(AuthExchange.decodeForDisplay(b64("user"))).isEqualTo("user");
        assertThat(AuthExchange.decodeForDisplay("not base64!")).isNull();
    }

    @Test
    void anOauthBearerUserWithCommasAndEqualsIsEscaped() {
        Credentials odd = new Credentials("a,b=c", "token".toCharArray());
        AuthExchange x = AuthExchange.create(Mechanisms.create("OAUTHBEARER", odd, "mx.example", 587), true, false);
        String ir = x.start().line().substring("AUTH OAUTHBEARER ".length());
        assertThat(new String(Base64.getDecoder().decode(ir), StandardCharsets.UTF_8)).startsWith("n,a=a=2Cb=3Dc,");
    }

    private static SmtpReply reply(String line) {
        return new ReplyParser().feed((line + "\r\n").getBytes(StandardCharsets.US_ASCII)).get(0);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReadOfTheCommandsFirstWordIsLenient() {
        assertThat(CommandReader.wordVerb("  quit")).isEqualTo(Verb.QUIT);
        assertThat(CommandReader.wordVerb("MAIL:FROM")).isEqualTo(Verb.MAIL);
        assertThat(CommandReader.wordVerb("CONNECT")).isEqualTo(Verb.RAW);
        assertThat(CommandReader.read("QUIT")).isEqualTo(SmtpCommand.quit());
        assertThat(CommandReader.read("QUIT now")).isNull();
        assertThat(CommandReader.read("EHLO")).isNull();
        assertThat(CommandReader.read("AUTH")).isNull();
        assertThat(CommandReader.read("AUTH plain")).isEqualTo(SmtpCommand.auth("PLAIN", null));
        assertThat(List.of(CommandReader.read("RCPT TO:<b@example.com> NOTIFY=NEVER"))).singleElement()
                .isInstanceOfSatisfying(SmtpCommand.Rcpt.class, r -> assertThat(r.parameters().get("NOTIFY"))
                        .isEqualTo("NEVER"));
    }

    @Test
    void aTypedParameterWithoutAKeywordIsNamedAsSuch() {
        assertThatThrownBy(() -> MailParameters.parse("SIZE=10 =x"))
                .hasMessage("parameter keyword \"\" is not a single word");
    }

    @Test
    void aSpaceInANonAsciiOriginalRecipientIsEscapedSoTheParameterStaysOneWord() {
        // RFC 6533 §3: utf-8-addr-xtext escapes SP like the other characters that would end the parameter.
        String orcpt = MailParameters.builder().orcpt("\"\u5f20 \u4e09\"@example.com").build().get("ORCPT");

        assertThat(orcpt).isEqualTo("utf-8;\"\u5f20\\x{20}\u4e09\"@example.com").doesNotContain(" ");
        assertThat(MailParameters.builder().orcpt("\u5f20!@example.com").build().get("ORCPT"))
                .isEqualTo("utf-8;\u5f20!@example.com");
    }

    @Test
    void theMechanismsThatSendAReusableSecretAreKnownByName() {
        assertThat(List.of("PLAIN", "login", "XOAUTH2", "OAUTHBEARER"))
                .allMatch(Mechanisms::sendsReusableSecret);
        assertThat(List.of("CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "GSSAPI"))
                .noneMatch(Mechanisms::sendsReusableSecret);
    }

    @Test
    void loginPromptsAreShownDecoded() {
        Credentials alice = new Credentials("alice", "wonderland".toCharArray());
        AuthExchange login = AuthExchange.create(Mechanisms.create("LOGIN", alice, "h", 25), true, false);
        login.start();

        login.onReply(reply("334 " + b64("Username:")));
        login.onReply(reply("334 " + b64("Password:")));

        assertThat(login.notes()).containsExactly("LOGIN prompt \"Username:\"", "LOGIN prompt \"Password:\"");
    }
}
