/**
 * The Ask page: questions in threads, each answer with its [n] markers and citation cards, the
 * threads kept with the library, and the filters that narrow the search, through the ask gateway.
 */
package dev.cairn.ui.ask;
