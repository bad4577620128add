package org.smtpexplorer.tlscheck;

import java.util.List;

/**
 * What a TLS check found, section by section, in the order a reader takes it: the MX lookup, the domain's MTA-STS
 * policy, each MX host (STARTTLS and certificate, DANE, MTA-STS), TLS-RPT.
 *
 * @param domain    the domain checked, in A-label form
 * @param checkedAt when, ISO 8601
 * @param mxFound   false when the MX lookup found no host to check (nothing else was checked)
 * @param sections  the findings, by section
 */
public record TlsCheckReport(String domain, String checkedAt, boolean mxFound, List<Section> sections) {
    public TlsCheckReport {
        sections = List.copyOf(sections);
    }

    /**
     * One part of the report.
     *
     * @param title    e.g. "MX 10 mx.example.com: DANE"
     * @param host     the MX host it is about, or "" for the domain
     * @param findings in order
     */
    public record Section(String title, String host, List<Finding> findings) {
        public Section {
            findings = List.copyOf(findings);
        }

        public Mark worst() {
            Mark m = Mark.PASS;
            for (Finding f : findings) {
                m = m.worst(f.mark());
            }
            return m;
        }
    }

    /** The worst mark of any finding. */
    public Mark worst() {
        Mark m = Mark.PASS;
        for (Section s : sections) {
            m = m.worst(s.worst());
        }
        return m;
    }

    /** How many findings have mark {@code m}. */
    public long count(Mark m) {
        return sections.stream().flatMap(s -> s.findings().stream()).filter(f -> f.mark() == m).count();
    }

    /** "2 failed, 1 warning" or "nothing failed". */
    public String summary() {
        long failed = count(Mark.FAIL);
        long warnings = count(Mark.WARN);
        if (!mxFound) {
            return "no mail server to check";
        }
        if (failed == 0 && warnings == 0) {
            return "every check met";
        }
        StringBuilder sb = new StringBuilder();
        if (failed > 0) {
            sb.append(failed).append(" failed");
        }
        if (warnings > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        return sb.toString();
    }
}
