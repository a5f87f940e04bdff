package dev.cairn.search;

import java.util.Objects;

/** An earlier question of a conversation and the answer it got, as a follow-up is read with it. */
public record PriorTurn(String question, String answer) {

    public PriorTurn {
        Objects.requireNonNull(question, "question");
        answer = answer == null ? "" : answer;
    }
}
