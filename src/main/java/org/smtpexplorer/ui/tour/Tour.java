package org.smtpexplorer.ui.tour;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The tour's steps, loaded from the tour.json resource. */
public final class Tour {
    private Tour() {
    }

    public static List<TourStep> load() {
        try (InputStream in = Tour.class.getResourceAsStream("tour.json")) {
            if (in == null) {
                throw new IllegalStateException("tour.json is missing from the application");
            }
            return List.copyOf(new ObjectMapper().readValue(in, new TypeReference<List<TourStep>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("tour.json cannot be read: " + e.getMessage(), e);
        }
    }
}
