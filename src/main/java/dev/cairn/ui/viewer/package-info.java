/**
 * The source viewer: a cited passage in its document, a PDF page with the passage boxed or the text
 * with it selected.
 */
package dev.cairn.ui.viewer;
