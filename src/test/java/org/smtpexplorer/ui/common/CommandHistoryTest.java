package org.smtpexplorer.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandHistoryTest {
    @Test
    void upAndDownWalkTheLinesLikeAShell() {
        CommandHistory h = new CommandHistory(3);
        assertThat(h.previous("typing")).as("nothing yet").isEqualTo("typing");
        h.add("NOOP");
        h.add("VRFY bob");
        h.add("VRFY bob");
        h.add("HELP");
        assertThat(h.previous("half a li")).isEqualTo("HELP");
        assertThat(h.previous("ignored")).isEqualTo("VRFY bob");
        assertThat(h.previous("ignored")).isEqualTo("NOOP");
        assertThat(h.previous("ignored")).as("the oldest stays").isEqualTo("NOOP");
        assertThat(h.next()).isEqualTo("VRFY bob");
        assertThat(h.next()).isEqualTo("HELP");
        assertThat(h.next()).as("back to what was being typed").isEqualTo("half a li");
        assertThat(h.next()).isEqualTo("half a li");
        h.add("RSET");
        assertThat(h.previous("")).isEqualTo("RSET");
        assertThat(h.previous("")).isEqualTo("HELP");
        assertThat(h.previous("")).isEqualTo("VRFY bob");
        assertThat(h.previous("")).as("capacity 3: NOOP is gone").isEqualTo("VRFY bob");
    }
}
