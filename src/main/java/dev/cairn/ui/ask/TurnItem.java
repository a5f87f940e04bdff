package dev.cairn.ui.ask;

import java.util.Objects;

/** One question of a thread and the answer it got, as the Ask page shows it. */
public record TurnItem(String question, AskResult result) {

    public TurnItem {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(result, "result");
    }
}
