package dev.cairn.ui.status;

import dev.cairn.ui.kit.Words;

/** The life of a lazily started service (the embedding model, the database) as the status bar shows it. */
public enum ServiceState {
    NOT_LOADED("service.notLoaded"),
    LOADING("service.loading"),
    READY("service.ready"),
    FAILED("service.failed");

    private final String label;

    ServiceState(String label) {
        this.label = label;
    }

    public String label() {
        return Words.get(label);
    }
}
