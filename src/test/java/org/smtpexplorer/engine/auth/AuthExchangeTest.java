package org.smtpexplorer.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
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
}
