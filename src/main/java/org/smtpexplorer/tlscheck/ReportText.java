package org.smtpexplorer.tlscheck;

import org.smtpexplorer.transcript.Printable;

/**
 * A {@link TlsCheckReport} as text for a terminal: a heading per section, one mark and line per finding. What servers
 * sent (TXT records, replies, policy lines) is escaped, so it can neither forge a line nor move the cursor.
 */
public final class ReportText {
    private ReportText() {
    }

    public static String render(TlsCheckReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("TLS check of ").append(Printable.escape(r.domain())).append(" (").append(r.checkedAt()).append(")\n");
        for (TlsCheckReport.Section s : r.sections()) {
            sb.append('\n').append(Printable.escape(s.title())).append('\n');
            for (Finding f : s.findings()) {
                sb.append("  ").append(f.mark().symbol()).append(' ').append(Printable.escape(f.text()));
                if (!f.source().isEmpty()) {
                    sb.append("  [").append(f.source()).append(']');
                }
                sb.append('\n');
            }
        }
        sb.append("\nResult: ").append(r.summary()).append('\n');
        return sb.toString();
    }
}
