package org.smtpexplorer.cli;

import picocli.CommandLine;

/** The version string, from the jar manifest when there is one. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"smtpx (SMTP Explorer) " + (v == null ? "development build" : v),
            "Java " + System.getProperty("java.version")};
    }
}
