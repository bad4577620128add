package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window opens wholly on the screen it opens on, down to a 1280x720 projector, and where it was left. */
class WindowPlacementTest {
    private static final Rectangle2D PROJECTOR = new Rectangle2D(0, 0, 1280, 720);
    private static final Rectangle2D FULL_HD = new Rectangle2D(0, 0, 1920, 1080);

    @Test
    void aSmallScreenGetsTheWholeScreenNotMore() {
        assertThat(WindowPlacement.fit(PROJECTOR)).isEqualTo(PROJECTOR);
        Rectangle2D panel = new Rectangle2D(0, 27, 1280, 693);
        assertThat(WindowPlacement.fit(panel)).isEqualTo(panel);
    }

    @Test
    void aLargeScreenGetsThePreferredSizeCentred() {
        Rectangle2D r = WindowPlacement.fit(FULL_HD);
        assertThat(r.getWidth()).isEqualTo(WindowPlacement.PREFERRED_WIDTH);
        assertThat(r.getHeight()).isEqualTo(WindowPlacement.PREFERRED_HEIGHT);
        assertThat(r.getMinX()).isEqualTo((1920 - WindowPlacement.PREFERRED_WIDTH) / 2);
        assertThat(r.getMinY()).isEqualTo((1080 - WindowPlacement.PREFERRED_HEIGHT) / 2);
        Rectangle2D second = new Rectangle2D(1920, 0, 1920, 1080);
        assertThat(WindowPlacement.fit(second).getMinX()).isGreaterThan(1920);
    }

    @Test
    void theLastBoundsAreKeptOnlyWhenTheyStillFit(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("window.properties");
        assertThat(WindowPlacement.load(file)).isNull();
        Rectangle2D last = new Rectangle2D(100, 50, 1500, 900);
        WindowPlacement.save(file, last);
        assertThat(WindowPlacement.load(file)).isEqualTo(last);
        assertThat(WindowPlacement.choose(WindowPlacement.load(file), List.of(FULL_HD))).isEqualTo(last);
        assertThat(WindowPlacement.choose(last, List.of(PROJECTOR))).as("the big screen is gone")
                .isEqualTo(PROJECTOR);
        assertThat(WindowPlacement.choose(new Rectangle2D(0, 0, 300, 200), List.of(FULL_HD)))
                .as("too small to use").isEqualTo(WindowPlacement.fit(FULL_HD));
        Files.writeString(file, "x=oops\n");
        assertThat(WindowPlacement.load(file)).isNull();
    }
}
