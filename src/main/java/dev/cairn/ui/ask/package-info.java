/**
 * The Ask page: a question, its answer with [n] markers, the citation cards, and the filters that
 * narrow the search, through the ask gateway.
 */
package dev.cairn.ui.ask;
