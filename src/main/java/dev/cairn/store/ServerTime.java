package dev.cairn.store;

/** What one statement cost on the server, in milliseconds: planning it and running it. */
public record ServerTime(double planningMs, double executionMs) {

    public double totalMs() {
        return planningMs + executionMs;
    }
}
