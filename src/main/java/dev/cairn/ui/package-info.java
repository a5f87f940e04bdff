/** The JavaFX desktop app: views, view models, cells, FXML and CSS. */
package dev.cairn.ui;
