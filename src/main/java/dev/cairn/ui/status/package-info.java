/** The status bar: the last message, the lazily started services, the embedding cache and the memory gauge. */
package dev.cairn.ui.status;
