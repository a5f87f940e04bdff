package dev.cairn.ui;

/**
 * The core's state as the status bar shows it, read twice a second.
 *
 * @param cacheHitRate the embedding cache's hit rate as text, "—" before the model is used
 * @param throttled    whether the memory governor holds ingestion back
 */
public record CoreStatus(ServiceState model, ServiceState database, String cacheHitRate, boolean throttled) {
}
