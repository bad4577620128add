package org.smtpexplorer.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The start-up benchmark's baseline (src/test/bench, case 5): the least a JavaFX window can be, one label in a window
 * of the app's size, reporting its first frame as the app does with {@code -Dsmtpexplorer.firstFrame=exit} (at the
 * second pulse after show, counted from the JVM's start) and closing.
 */
public final class MinimalWindow {
    private MinimalWindow() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The window; an Application of its own so that main's class need not be one (JavaFX on the class path). */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("Minimal JavaFX window");
            stage.setScene(new Scene(new Label("A minimal JavaFX window"), 1280, 690));
            stage.show();
            new AnimationTimer() {
                private int pulses;

                @Override
                public void handle(long now) {
                    if (++pulses < 2) {
                        return;
                    }
                    stop();
                    long wall = System.currentTimeMillis();
                    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("first frame: " + (wall - jvmStart) + " ms after the JVM started (at " + wall
                            + " ms since the epoch)");
                    Platform.exit();
                }
            }.start();
        }
    }
}
