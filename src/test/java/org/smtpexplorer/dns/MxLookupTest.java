package org.smtpexplorer.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** MX lookups against a small authoritative DNS server on loopback UDP that the test runs itself. */
class MxLookupTest {
    private DatagramSocket socket;
    private Thread server;
    private MxLookup lookup;

    @BeforeEach
    void startDns() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new Thread(this::serve, "fake-dns");
        server.setDaemon(true);
        server.start();
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                socket.getLocalPort()));
        r.setTimeout(Duration.ofMillis(700));
        lookup = new MxLookup(r);
    }

    @AfterEach
    void stopDns() {
        socket.close();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record question = q.getQuestion();
                String n = question.getName().toString();
                if (n.startsWith("slow.")) {
                    continue;
                }
                Message a = new Message(q.getHeader().getID());
                a.getHeader().setFlag(Flags.QR);
                a.getHeader().setFlag(Flags.AA);
                a.addRecord(question, Section.QUESTION);
                int type = question.getType();
                Name name = question.getName();
                if (n.equals("nowhere.test.")) {
                    a.getHeader().setRcode(Rcode.NXDOMAIN);
                } else if (n.equals("mail.test.") && type == Type.MX) {
                    a.addRecord(new MXRecord(name, DClass.IN, 60, 20, Name.fromString("mx2.mail.test.")),
                            Section.ANSWER);
                    a.addRecord(new MXRecord(name, DClass.IN, 60, 10, Name.fromString("mx1.mail.test.")),
                            Section.ANSWER);
                } else if (n.equals("mx1.mail.test.") && type == Type.A) {
                    a.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("127.0.0.21")),
                            Section.ANSWER);
                } else if (n.equals("mx1.mail.test.") && type == Type.AAAA) {
                    a.addRecord(new AAAARecord(name, DClass.IN, 60, InetAddress.getByName("::1")), Section.ANSWER);
                } else if (n.equals("mx2.mail.test.") && type == Type.A) {
                    a.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("127.0.0.22")),
                            Section.ANSWER);
                } else if (n.equals("nullmx.test.") && type == Type.MX) {
                    a.addRecord(new MXRecord(name, DClass.IN, 60, 0, Name.root), Section.ANSWER);
                } else if (n.equals("plain.test.") && type == Type.A) {
                    a.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("127.0.0.30")),
                            Section.ANSWER);
                } else if (n.equals("xn--mnchen-3ya.test.") && type == Type.MX) {
                    a.addRecord(new MXRecord(name, DClass.IN, 60, 5, Name.fromString("mx.mail.test.")),
                            Section.ANSWER);
                }
                byte[] out = a.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (!socket.isClosed()) {
                    e.printStackTrace();
                }
            }
        }
    }

    @Test
    void mxHostsSortedByPreferenceWithAddresses() throws Exception {
        MxLookup.MxResult r = lookup.lookup("mail.test");
        assertThat(r.implicit()).isFalse();
        assertThat(r.hosts()).extracting(MxLookup.MxHost::host).containsExactly("mx1.mail.test", "mx2.mail.test");
        assertThat(r.hosts().get(0).preference()).isEqualTo(10);
        assertThat(r.hosts().get(0).addresses()).containsExactly("127.0.0.21", "0:0:0:0:0:0:0:1");
    }

    @Test
    void errorsArePlain() {
        assertThatThrownBy(() -> lookup.lookup("nowhere.test")).hasMessageContaining("does not exist (NXDOMAIN)");
        assertThatThrownBy(() -> lookup.lookup("nullmx.test")).hasMessageContaining("null MX (RFC 7505)");
        assertThatThrownBy(() -> lookup.lookup("empty.test")).hasMessageContaining("no MX record and no A");
        assertThatThrownBy(() -> lookup.lookup("slow.test")).hasMessageContaining("failed for now");
        assertThatThrownBy(() -> lookup.lookup("  ")).hasMessageContaining("Type a domain");
    }

    @Test
    void noMxMeansTheDomainItselfAndIdnIsConverted() throws Exception {
        MxLookup.MxResult r = lookup.lookup("plain.test");
        assertThat(r.implicit()).isTrue();
        assertThat(r.hosts()).extracting(MxLookup.MxHost::addresses).containsExactly(List.of("127.0.0.30"));
        assertThat(lookup.lookup("@münchen.test").domain()).isEqualTo("xn--mnchen-3ya.test");
    }
}
