/**
 * What every page uses: FXML loading, the theme, number formats, batching onto the FX thread, natural
 * name order, and TaskRunner, the one way background work runs.
 */
package dev.cairn.ui.kit;
