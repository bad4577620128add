package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.testing.Smtpx;
import picocli.CommandLine;

class SmtpxCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"send", "replay", "export", "probe", "tls-check", "explain", "lab"})
    void aSubcommandNamedFirstIsTheOnlyOneBuilt(String name) {
        CommandLine cl = SmtpxCommand.commandLine(name, "--help");
        assertThat(cl.getSubcommands()).containsOnlyKeys(name);
        assertThat(cl.getSubcommands().get(name).getUsageMessage())
                .isEqualTo(SmtpxCommand.commandLine().getSubcommands().get(name).getUsageMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h", "--version", "sned", ""})
    void anythingElseGetsEverySubcommand(String first) {
        String[] args = first.isEmpty() ? new String[0] : new String[] {first};
        assertThat(SmtpxCommand.commandLine(args).getSubcommands())
                .containsOnlyKeys("send", "replay", "export", "history", "probe", "tls-check", "explain", "lab",
                        "help");
    }

    @Test
    void theUsageListsEverySubcommandInOrder() {
        String usage = SmtpxCommand.commandLine("--help").getUsageMessage();
        assertThat(usage).containsSubsequence("send ", "replay ", "export ", "history ", "probe ", "tls-check ",
                "explain ", "lab ", "help ");
    }

    /** 0, the default, lets smtpx choose the chunks; a negative size is refused before anything is sent. */
    @Test
    void aNegativeChunkSizeIsRefusedWithItsMeaning() {
        Smtpx.Run run = Smtpx.run(List.of("send", "--server", "127.0.0.1:9", "--security", "none", "--from",
                "a@example.com", "--to", "b@example.com", "--body", "x", "--chunk-size", "-1", "--no-history"));
        assertThat(run.exit()).as(run.describe()).isNotZero();
        assertThat(run.err()).contains("--chunk-size cannot be negative (0, the default, chooses the chunks)");
        assertThat(run.out()).doesNotContain("Connecting");
        assertThat(SmtpxCommand.commandLine("send", "--help").getSubcommands().get("send").getUsageMessage())
                .containsPattern("--chunk-size=BYTES\\s+BDAT chunk size; 0, the default: the\\s+whole\\s+message"
                        + "\\s+in\\s+one\\s+chunk,\\s+or\\s+in\\s+chunks\\s+of\\s+1\\s+MiB");
    }
}
