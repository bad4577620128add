package org.smtpexplorer.tlscheck;

/** A {@link TlsCheckReport} as text for a terminal: a heading per section, one mark and line per finding. */
public final class ReportText {
    private ReportText() {
    }

    public static String render(TlsCheckReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("TLS check of ").append(r.domain()).append(" (").append(r.checkedAt()).append(")\n");
        for (TlsCheckReport.Section s : r.sections()) {
            sb.append('\n').append(s.title()).append('\n');
            for (Finding f : s.findings()) {
                sb.append("  ").append(f.mark().symbol()).append(' ').append(f.text());
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
