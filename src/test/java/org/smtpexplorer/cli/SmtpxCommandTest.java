package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
}
