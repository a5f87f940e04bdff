package dev.cairn.ui.status;

/** The life of a lazily started service (the embedding model, the database) as the status bar shows it. */
public enum ServiceState {
    NOT_LOADED("not loaded"),
    LOADING("loading…"),
    READY("ready"),
    FAILED("failed");

    private final String label;

    ServiceState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
