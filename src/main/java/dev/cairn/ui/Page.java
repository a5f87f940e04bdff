package dev.cairn.ui;

/** The places the left navigation leads to. */
public enum Page {
    LIBRARY("Library", "Everything Cairn knows about"),
    ASK("Ask", "Questions answered from your documents, with sources"),
    JOBS("Jobs", "Work running in the background, and the imports that finished"),
    BENCHMARKS("Benchmarks", "How fast Cairn runs on this machine"),
    SETTINGS("Settings", "Models, chunking, search and appearance"),
    /** Not in the navigation: reached by clicking a citation, left with its Back button. */
    SOURCE("Source", "The cited passage in its document");

    private final String title;
    private final String subtitle;

    Page(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }
}
