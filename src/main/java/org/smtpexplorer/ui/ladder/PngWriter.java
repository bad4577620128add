package org.smtpexplorer.ui.ladder;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an RGB PNG a band of rows at a time, so a ladder taller than any one snapshot can be exported without
 * holding the whole picture in memory (and without AWT's ImageIO). Rows come as ARGB ints; alpha is dropped.
 */
final class PngWriter implements Closeable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IDAT_SIZE = 1 << 16;
    private final OutputStream out;
    private final int width;
    private final int height;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(IDAT_SIZE * 2);
    private final DeflaterOutputStream deflate;
    private final byte[] line;
    private int rowsWritten;

    PngWriter(OutputStream out, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a PNG needs a positive size, not " + width + "x" + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.line = new byte[1 + width * 3];
        this.deflate = new DeflaterOutputStream(pending, new Deflater(6), 8192);
        out.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        writeInt(ihdr, width);
        writeInt(ihdr, height);
        ihdr.write(8);
        ihdr.write(2);
        ihdr.write(0);
        ihdr.write(0);
        ihdr.write(0);
        chunk("IHDR", ihdr.toByteArray(), ihdr.size());
    }

    /** Writes {@code rows} rows of {@code argb}, {@code width} pixels each, from its start. */
    void writeRows(int[] argb, int rows) throws IOException {
        if (rowsWritten + rows > height) {
            throw new IllegalStateException("more rows than the " + height + " announced");
        }
        for (int y = 0; y < rows; y++) {
            // Filter "Sub": each byte minus the one of the pixel to its left; flat backgrounds become zeros.
            line[0] = 1;
            int prevR = 0;
            int prevG = 0;
            int prevB = 0;
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                line[1 + x * 3] = (byte) (r - prevR);
                line[2 + x * 3] = (byte) (g - prevG);
                line[3 + x * 3] = (byte) (b - prevB);
                prevR = r;
                prevG = g;
                prevB = b;
            }
            deflate.write(line);
            if (pending.size() >= IDAT_SIZE) {
                flushIdat();
            }
        }
        rowsWritten += rows;
    }

    private void flushIdat() throws IOException {
        if (pending.size() > 0) {
            chunk("IDAT", pending.toByteArray(), pending.size());
            pending.reset();
        }
    }

    @Override
    public void close() throws IOException {
        if (rowsWritten != height) {
            throw new IOException("PNG cut short: " + rowsWritten + " of " + height + " rows written");
        }
        deflate.finish();
        flushIdat();
        chunk("IEND", new byte[0], 0);
        out.flush();
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream len = new ByteArrayOutputStream(4);
        writeInt(len, length);
        out.write(len.toByteArray());
        out.write(name);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        ByteArrayOutputStream sum = new ByteArrayOutputStream(4);
        writeInt(sum, (int) crc.getValue());
        out.write(sum.toByteArray());
    }

    private static void writeInt(ByteArrayOutputStream o, int v) {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }
}
