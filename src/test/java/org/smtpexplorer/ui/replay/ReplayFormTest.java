package org.smtpexplorer.ui.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transport.ReplayTarget;
import org.smtpexplorer.transport.SecurityMode;

/** The "Replay against..." form: as saved unless changed, each bad field named, the password handed over once. */
class ReplayFormTest {
    @TempDir
    Path dir;

    private static SavedRequest saved() {
        return new SavedRequest("old.example.net", 587, "starttls", List.of(), false, "any", "client.example",
                "SCRAM-SHA-256", "alice", false, "alice@example.net", List.of("bob@example.org"), "auto", 0, true,
                "auto", "auto", "normalise", null, null, null, false, null, 30);
    }

    @Test
    void leftAsItOpensTheFormChangesOnlyTheServer() throws IOException {
        ReplayForm form = ReplayForm.defaults(saved());
        assertThat(form.server()).isEqualTo("old.example.net:587");
        assertThat(form.user()).isEqualTo("alice");
        form.server("[::1]:2525");
        ReplayTarget t = form.target();
        assertThat(t).isEqualTo(ReplayTarget.asSaved("::1", 2525));
        form.security("implicit");
        form.auth(ReplayForm.NO_AUTH);
        form.exact(true);
        assertThat(form.target()).isEqualTo(ReplayTarget.asSaved("::1", 2525).withSecurity(SecurityMode.IMPLICIT)
                .withoutAuth().withExact(true));
    }

    @Test
    void aBadFieldIsNamed() {
        ReplayForm form = ReplayForm.defaults(saved());
        form.server("host:99999");
        assertThatThrownBy(form::target).hasMessage("Server: port must be 1 to 65535, not 99999");
        form.server("  ");
        assertThatThrownBy(form::target).hasMessage("Server: give host:port");
        form.server("[::1");
        assertThatThrownBy(form::target).hasMessage("Server: missing ']' in \"[::1\"");
        form.server("localhost:25");
        form.trustCert(dir.resolve("missing.pem").toString());
        assertThatThrownBy(form::target).hasMessageStartingWith("Trust certificate: cannot read ");
        form.trustCert("");
        form.eml(dir.resolve("missing.eml").toString());
        assertThatThrownBy(form::target).hasMessageStartingWith("Message: cannot read ");
    }

    @Test
    void thePasswordIsAskedForAndWipedAfterwards() throws IOException {
        ReplayForm form = ReplayForm.defaults(saved());
        assertThatThrownBy(() -> form.credentials().credentials("SCRAM-SHA-256", "alice"))
                .hasMessage("Password: the replay authenticates as alice with SCRAM-SHA-256: give the password (it"
                        + " is not saved), or choose no AUTH");
        char[] typed = "wonderland".toCharArray();
        form.password(typed);
        Credentials c = form.credentials().credentials("SCRAM-SHA-256", "alice");
        assertThat(c.username()).isEqualTo("alice");
        assertThat(c.secretString()).isEqualTo("wonderland");
        form.clear();
        assertThat(c.secretString()).as("the credentials keep their own copy").isEqualTo("wonderland");
        assertThatThrownBy(() -> form.credentials().credentials("PLAIN", "alice")).hasMessageStartingWith(
                "Password: ");
        form.user("");
        assertThatThrownBy(() -> form.credentials().credentials("PLAIN", null)).hasMessage("User: the replay"
                + " authenticates with PLAIN: give the user name (or choose no AUTH)");
    }
}
