package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** HOST[:PORT] as typed in --server, --resolver and the replay form, one parser for all three. */
class HostPortTest {
    @Test
    void namesPortsAndIpv6Literals() {
        assertThat(HostPort.parse(" mx.example ", 25, "--server")).isEqualTo(new HostPort("mx.example", 25));
        assertThat(HostPort.parse("mx.example:587", 25, "--server")).isEqualTo(new HostPort("mx.example", 587));
        assertThat(HostPort.parse("[::1]:2525", 25, "--server")).isEqualTo(new HostPort("::1", 2525));
        assertThat(HostPort.parse("[::1]", 53, "--resolver")).isEqualTo(new HostPort("::1", 53));
        assertThat(HostPort.parse("2001:db8::25", 25, "--server")).as("a bare IPv6 address has no port")
                .isEqualTo(new HostPort("2001:db8::25", 25));
    }

    @Test
    void eachMistakeIsNamedWithTheFieldItCameFrom() {
        assertThatThrownBy(() -> HostPort.parse("  ", 25, "Server")).hasMessage("Server: give host:port");
        assertThatThrownBy(() -> HostPort.parse(null, 25, "Server")).hasMessage("Server: give host:port");
        assertThatThrownBy(() -> HostPort.parse(":25", 25, "--server")).hasMessage("--server: the host is empty");
        assertThatThrownBy(() -> HostPort.parse("[::1", 25, "--server"))
                .hasMessage("--server: missing ']' in \"[::1\"");
        assertThatThrownBy(() -> HostPort.parse("[::1]25", 25, "--server"))
                .hasMessage("--server: expected ':' after ']' in \"[::1]25\"");
        assertThatThrownBy(() -> HostPort.parse("mx:smtp", 25, "--server"))
                .hasMessage("--server: port \"smtp\" is not a number");
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:0", 53, "--resolver"))
                .hasMessage("--resolver: port must be 1 to 65535, not 0");
    }
}
