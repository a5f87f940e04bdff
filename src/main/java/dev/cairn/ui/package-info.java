/**
 * The JavaFX desktop app's shell: the launcher and single-instance handover, the main window with its
 * navigation and drop target, and the adapters to the core. Each page lives in a package of its own
 * beside this one, with its view, view model, FXML and CSS.
 */
package dev.cairn.ui;
