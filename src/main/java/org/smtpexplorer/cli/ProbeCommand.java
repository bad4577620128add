package org.smtpexplorer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** smtpx probe: security probes of a server you control; the probes are its subcommands. */
@Command(name = "probe", mixinStandardHelpOptions = true, subcommands = SmugglingCommand.class,
        description = {"Probe a mail server you control for a known weakness. Loopback targets run at once; any other"
                + " needs --i-control-this-server."})
public final class ProbeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
