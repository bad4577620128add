package org.smtpexplorer.ui.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG written in bands reads back, pixel for pixel, with the JDK's own decoder. */
class PngWriterTest {
    @Test
    void bandsOfRowsMakeOnePicture() throws IOException {
        int width = 300;
        int height = 1000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PngWriter png = new PngWriter(out, width, height)) {
            int[] band = new int[width * 128];
            for (int top = 0; top < height; top += 128) {
                int rows = Math.min(128, height - top);
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < width; x++) {
                        band[y * width + x] = 0xff000000 | (x & 0xff) << 16 | ((top + y) & 0xff) << 8
                                | (x * 7 + y) & 0xff;
                    }
                }
                png.writeRows(band, rows);
            }
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        for (int y = 0; y < height; y += 37) {
            for (int x = 0; x < width; x += 13) {
                int expected = (x & 0xff) << 16 | (y & 0xff) << 8 | (x * 7 + (y % 128)) & 0xff;
                assertThat(image.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void aPictureCutShortIsAnError() throws IOException {
        PngWriter png = new PngWriter(new ByteArrayOutputStream(), 2, 2);
        png.writeRows(new int[4], 1);
        assertThatThrownBy(png::close).isInstanceOf(IOException.class).hasMessageContaining("1 of 2 rows");
        assertThatThrownBy(() -> new PngWriter(new ByteArrayOutputStream(), 0, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
