package dev.cairn.ui.ask;

import java.time.Instant;
import java.util.Objects;

/**
 * A thread as the Ask page lists it.
 *
 * @param title   its first question, shortened
 * @param updated when its last question was asked
 * @param turns   how many questions it holds
 */
public record ThreadItem(long id, String title, Instant updated, int turns) {

    public ThreadItem {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(updated, "updated");
    }
}
