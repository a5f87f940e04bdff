package dev.cairn.store;

import java.time.Instant;

/**
 * A conversation kept with the library: questions asked one after another, each answered with the
 * earlier ones in mind.
 *
 * @param title   the first question, shortened
 * @param updated when the last question was asked
 * @param turns   how many questions it holds
 */
public record ChatThread(long id, String title, Instant created, Instant updated, int turns) {}
