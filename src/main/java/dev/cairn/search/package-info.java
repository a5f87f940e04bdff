/** Hybrid retrieval and answers with citations. */
package dev.cairn.search;
