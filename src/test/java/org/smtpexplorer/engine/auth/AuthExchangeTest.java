package org.smtpexplorer.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;

class AuthExchangeTest {
    private static final Credentials ALICE = new Credentials("alice", "wonderland".toCharArray());

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Test
    void plainSendsEverythingInTheInitialResponseAndMarksItSecret() {
        AuthExchange x = AuthExchange.create(Mechanisms.create("PLAIN", ALICE, "h", 25), true, false);
        SmtpCommand c = x.start();
        assertThat(c.line()).isEqualTo("AUTH PLAIN " + b64("\0alice\0wonderland"));
        assertThat(c.redactedLine()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(x.onReply(SmtpReply.of(235, "ok"))).isNull();
    }

    @Test
    void loginAnswersTwoPrompts() {
        AuthExchange x = AuthExchange.create(Mechanisms.create("LOGIN", ALICE, "h", 25), true, false);
        assertThat(x.start().line()).isEqualTo("AUTH LOGIN");
        assertThat(unb64(x.onReply(SmtpReply.of(334, b64("Username:"))).line())).isEqualTo("alice");
        assertThat(unb64(x.onReply(SmtpReply.of(334, b64("Password:"))).line())).isEqualTo("wonderland");
        assertThat(x.onReply(SmtpReply.of(235, "ok"))).isNull();
    }

    @Test
    void cramMd5MatchesRfc2195Example() {
        Credentials tim = new Credentials("tim", "tanstaaftanstaaf".toCharArray());
        AuthExchange x = AuthExchange.create(Mechanisms.create("CRAM-MD5", tim, "h", 25), false, false);
        x.start();
        SmtpCommand r = x.onReply(SmtpReply.of(334, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"));
        assertThat(r.line()).isEqualTo("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    }

    @Test
    void plaintextMechanismsNeedTlsOrExplicitPermission() {
        assertThatThrownBy(() -> AuthExchange.create(Mechanisms.create("PLAIN", ALICE, "h", 25), false, false))
                .isInstanceOf(SmtpException.class).hasMessageContaining("no TLS");
        assertThatThrownBy(() -> AuthExchange.create(Mechanisms.create("XOAUTH2", ALICE, "h", 25), false, false))
                .hasMessageContaining("token");
        assertThat(AuthExchange.create(Mechanisms.create("PLAIN", ALICE, "h", 25), false, true)).isNotNull();
        assertThat(AuthExchange.create(Mechanisms.create("SCRAM-SHA-256", ALICE, "h", 25), false, false))
                .isNotNull();
    }

    @Test
    void failureIsAnAuthErrorAndNeverAFallback() {
        AuthExchange x = AuthExchange.create(Mechanisms.create("CRAM-MD5", ALICE, "h", 25), true, false);
        x.start();
        x.onReply(SmtpReply.of(334, b64("<1@h>")));
        assertThatThrownBy(() -> x.onReply(SmtpReply.of(535, "5.7.8 bad")))
                .isInstanceOf(SmtpException.class)
                .extracting(e -> ((SmtpException) e).failureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(x.isDone()).isTrue();
    }

    @Test
    void credentialsWithLineBreaksOrNulAreRefused() {
        assertThatThrownBy(() -> new Credentials("al\rice", "x".toCharArray())).hasMessageContaining("CR");
        assertThatThrownBy(() -> new Credentials("alice", "pa\nss".toCharArray())).hasMessageContaining("LF");
        assertThatThrownBy(() -> new Credentials("alice", "pa\0ss".toCharArray())).hasMessageContaining("NUL");
        assertThat(new Credentials("alice", "s3cret".toCharArray()).toString()).doesNotContain("s3cret");
    }

    @Test
    void scramSha256VerifiesTheServerSignature() {
        for (boolean honest : new boolean[] {true, false}) {
            AuthExchange x = AuthExchange.create(Mechanisms.create("SCRAM-SHA-256", ALICE, "h", 25), false, false);
            String clientFirst = unb64(x.start().line().substring("AUTH SCRAM-SHA-256 ".length()));
            assertThat(clientFirst).startsWith("n,,n=alice,r=");
            String bare = clientFirst.substring(3);
            String nonce = bare.substring(bare.indexOf("r=") + 2) + "server-nonce";
            byte[] salt = "lab-salt-1234567".getBytes(StandardCharsets.US_ASCII);
            String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=4096";
            String clientFinal = unb64(x.onReply(SmtpReply.of(334, b64(serverFirst))).line());
            String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
            String authMessage = bare + "," + serverFirst + "," + withoutProof;
            byte[] salted = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256, StringPreparation.SASL_PREPARATION,
                    "wonderland".toCharArray(), salt, 4096);
            byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
            byte[] storedKey = ScramFunctions.storedKey(ScramMechanism.SCRAM_SHA_256,
                    ScramFunctions.clientKey(ScramMechanism.SCRAM_SHA_256, salted));
            assertThat(ScramFunctions.verifyClientProof(ScramMechanism.SCRAM_SHA_256, proof, storedKey, authMessage))
                    .isTrue();
            byte[] serverKey = ScramFunctions.serverKey(ScramMechanism.SCRAM_SHA_256, salted);
            byte[] signature = ScramFunctions.serverSignature(ScramMechanism.SCRAM_SHA_256, serverKey,
                    honest ? authMessage : authMessage + "x");
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(signature);
            if (honest) {
                assertThat(x.onReply(SmtpReply.of(334, b64(serverFinal))).line()).isEmpty();
                assertThat(x.onReply(SmtpReply.of(235, "ok"))).isNull();
            } else {
                assertThatThrownBy(() -> x.onReply(SmtpReply.of(334, b64(serverFinal))))
                        .isInstanceOf(SmtpException.class);
            }
        }
    }

    @Test
    void scramWithoutServerProofIsRefused() {
        AuthExchange x = AuthExchange.create(Mechanisms.create("SCRAM-SHA-1", ALICE, "h", 25), false, false);
        x.start();
        assertThatThrownBy(() -> x.onReply(SmtpReply.of(235, "ok"))).hasMessageContaining("never proved");
    }
    /** Starts a SCRAM-SHA-256 exchange and returns it with the client nonce it sent. */
    private record ScramStart(AuthExchange exchange, String clientNonce) {
        static ScramStart of() {
            AuthExchange x = AuthExchange.create(Mechanisms.create("SCRAM-SHA-256", ALICE, "h", 25), true, false);
            String clientFirst = unb64(x.start().line().substring("AUTH SCRAM-SHA-256 ".length()));
            return new ScramStart(x, clientFirst.substring(clientFirst.indexOf(",r=") + 3));
        }

        /** Answers with the server-first message {@code format} (%s: the client nonce); returns the client-final. */
        String serverFirst(String format) {
            return unb64(exchange.onReply(SmtpReply.of(334, b64(format.formatted(clientNonce)))).line());
        }
    }

    /**
     * RFC 5802 §9: a hostile server can ask for a huge iteration count. 2,000,000,000 PBKDF2 rounds take minutes
     * and cannot be interrupted, so the count is refused before anything is computed, and the failure names it.
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void scramRefusesAHugeIterationCountBeforeComputing() {
        ScramStart s = ScramStart.of();
        assertThatThrownBy(() -> s.serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=2000000000"))
                .isInstanceOf(SmtpException.class)
                .hasMessage("SCRAM-SHA-256 failed: the server asks for 2000000000 iterations, and more than 1000000"
                        + " are refused: a hostile server could keep this client computing for minutes (RFC 5802 §9)")
                .extracting(e -> ((SmtpException) e).failureClass()).isEqualTo(FailureClass.AUTH);
    }

    @Test
    void scramAcceptsExactlyTheMaximumAndRefusesOneMore() {
        assertThat(ScramStart.of().serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=1000000")).contains(",p=");
        assertThatThrownBy(() -> ScramStart.of().serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=1000001"))
                .hasMessageContaining("asks for 1000001 iterations");
    }

    /** RFC 7677 §4 asks for at least 4096: a lower count still works (old servers), but the transcript says so. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4095})
    void scramWarnsAboutALowIterationCount(int count) {
        ScramStart s = ScramStart.of();
        assertThat(s.serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=" + count)).contains(",p=");
        assertThat(s.exchange().notes()).last().asString()
                .isEqualTo("Warning: the server asks for only " + count + " SCRAM iteration" + (count == 1 ? "" : "s")
                        + "; RFC 7677 §4 asks for at least 4096. The proof this client sends is that much cheaper"
                        + " to attack offline, by anyone who records it");
    }

    @Test
    void scramDoesNotWarnAt4096() {
        ScramStart s = ScramStart.of();
        s.serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=4096");
        assertThat(s.exchange().notes()).singleElement().asString().startsWith("SCRAM-SHA-256 server-first: ");
    }

    /** The nonce checks are the library's; these pin them, so a library update cannot drop them unnoticed. */
    @Test
    void scramRefusesANonceThatDoesNotExtendTheClientNonce() {
        ScramStart foreign = ScramStart.of();
        assertThatThrownBy(() -> foreign.exchange().onReply(SmtpReply.of(334,
                b64("r=someone-elses-nonce,s=c2FsdHNhbHRzYWx0,i=4096"))))
                .isInstanceOf(SmtpException.class).hasMessageContaining("does not start with client nonce");
        ScramStart echoed = ScramStart.of();
        assertThatThrownBy(() -> echoed.serverFirst("r=%s,s=c2FsdHNhbHRzYWx0,i=4096"))
                .isInstanceOf(SmtpException.class).hasMessageContaining("serverNonce");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s=,", "s=not*base64,", "s=c2FsdA=x,"})
    void scramRefusesAMissingOrMalformedSalt(String salt) {
        ScramStart s = ScramStart.of();
        assertThatThrownBy(() -> s.serverFirst("r=%sSRV," + salt + "i=4096"))
                .isInstanceOf(SmtpException.class)
                .hasMessageStartingWith("SCRAM-SHA-256 failed: the salt")
                .extracting(e -> ((SmtpException) e).failureClass()).isEqualTo(FailureClass.AUTH);
    }

    /** RFC 5802 §7: iteration-count = "i=" posit-number, so no sign, no leading zero, no zero. */
    @ParameterizedTest
    @ValueSource(strings = {"i=0", "i=-1", "i=x", "i=04096", "i="})
    void scramRefusesAnIterationCountThatIsNotAPositiveNumber(String count) {
        ScramStart s = ScramStart.of();
        assertThatThrownBy(() -> s.serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0," + count))
                .isInstanceOf(SmtpException.class)
                .hasMessage("SCRAM-SHA-256 failed: the iteration count in the server-first message is not a positive"
                        + " number (RFC 5802 §7): \"" + count.substring(2) + "\"");
    }

    @Test
    void scramRefusesACountTooLargeForAnIntAsTooLarge() {
        assertThatThrownBy(() -> ScramStart.of().serverFirst("r=%sSRV,s=c2FsdHNhbHRzYWx0,i=99999999999"))
                .hasMessageContaining("the server asks for 99999999999 iterations, and more than 1000000 are refused");
    }

    /** The low-count warning is said once, not again with every later challenge of the same exchange. */
    @Test
    void scramWarnsAboutALowIterationCountOnceForTheWholeExchange() {
        AuthExchange x = AuthExchange.create(Mechanisms.create("SCRAM-SHA-256", ALICE, "h", 25), true, false);
        String bare = unb64(x.start().line().substring("AUTH SCRAM-SHA-256 ".length())).substring(3);
        String nonce = bare.substring(bare.indexOf("r=") + 2) + "SRV";
        byte[] salt = "lab-salt-1234567".getBytes(StandardCharsets.US_ASCII);
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=2";
        String clientFinal = unb64(x.onReply(SmtpReply.of(334, b64(serverFirst))).line());
        String authMessage = bare + "," + serverFirst + "," + clientFinal.substring(0, clientFinal.indexOf(",p="));
        byte[] salted = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256, StringPreparation.SASL_PREPARATION,
                "wonderland".toCharArray(), salt, 2);
        byte[] signature = ScramFunctions.serverSignature(ScramMechanism.SCRAM_SHA_256,
                ScramFunctions.serverKey(ScramMechanism.SCRAM_SHA_256, salted), authMessage);

        x.onReply(SmtpReply.of(334, b64("v=" + Base64.getEncoder().encodeToString(signature))));

        assertThat(x.onReply(SmtpReply.of(235, "ok"))).isNull();
        assertThat(x.notes()).filteredOn(n -> n.startsWith("Warning:")).singleElement().asString()
                .contains("only 2 SCRAM iterations");
        assertThat(x.notes()).hasSize(3);
    }

    @Test
    void aBadSaltIsQuotedWholeUpTo60CharactersAndCutAfter() {
        String sixty = "*".repeat(60);
        assertThatThrownBy(() -> ScramStart.of().serverFirst("r=%sSRV,s=" + sixty + ",i=4096"))
                .hasMessageEndingWith("is not base64: \"" + sixty + "\"");
        assertThatThrownBy(() -> ScramStart.of().serverFirst("r=%sSRV,s=" + sixty + "*,i=4096"))
                .hasMessageEndingWith("is not base64: \"" + sixty + "...\"");
    }
}
