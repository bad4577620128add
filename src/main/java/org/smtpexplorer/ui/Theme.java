package org.smtpexplorer.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/** Light and dark: AtlantaFX's Primer themes for the controls, our looked-up colours for the transcript. */
final class Theme {
    private Theme() {
    }

    static void apply(Scene scene, boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (scene != null) {
            scene.getRoot().getStyleClass().remove("dark");
            if (dark) {
                scene.getRoot().getStyleClass().add("dark");
            }
        }
    }
}
