package dev.cairn.app;

import dev.cairn.platform.Phrase;
import java.util.Locale;
import java.util.Properties;

/** Reading and writing the values of a properties file such as {@code settings.properties}, with errors in words. */
final class PropertyValues {

    private PropertyValues() {}

    static int integer(Properties p, String key, int fallback) {
        String raw = p.getProperty(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Phrase.of("settings.notWhole", key, raw));
        }
    }

    static <E extends Enum<E>> E choice(Properties p, String key, Class<E> type, E fallback) {
        String raw = p.getProperty(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(lower(c));
            }
            throw new IllegalArgumentException(Phrase.of("settings.notOneOf", key, allowed, raw));
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
