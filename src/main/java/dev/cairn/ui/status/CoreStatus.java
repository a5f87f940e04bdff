package dev.cairn.ui.status;

/**
 * The core's state as the status bar shows it, read twice a second.
 *
 * @param cacheHitRate  the embedding cache's hit rate as text, "—" before the model is used
 * @param throttled     whether the memory governor holds ingestion back
 * @param semanticIndex how much of the library has its vectors ("semantic index 62%, 4,120 chunks to
 *                      go"); empty before it is known
 */
public record CoreStatus(
        ServiceState model, ServiceState database, String cacheHitRate, boolean throttled, String semanticIndex) {

    public CoreStatus(ServiceState model, ServiceState database, String cacheHitRate, boolean throttled) {
        this(model, database, cacheHitRate, throttled, "");
    }
}
