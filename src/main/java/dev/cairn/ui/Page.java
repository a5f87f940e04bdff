package dev.cairn.ui;

import dev.cairn.ui.kit.Words;

/** The places the left navigation leads to. */
public enum Page {
    LIBRARY("page.library", "page.library.subtitle"),
    ASK("page.ask", "page.ask.subtitle"),
    JOBS("page.jobs", "page.jobs.subtitle"),
    BENCHMARKS("page.benchmarks", "page.benchmarks.subtitle"),
    SETTINGS("page.settings", "page.settings.subtitle"),
    /** Not in the navigation: reached by clicking a citation, left with its Back button. */
    SOURCE("page.source", "page.source.subtitle");

    private final String title;
    private final String subtitle;

    Page(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
    }

    public String title() {
        return Words.get(title);
    }

    public String subtitle() {
        return Words.get(subtitle);
    }
}
