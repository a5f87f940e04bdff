package dev.cairn.cli;

import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.Texts;
import java.util.Enumeration;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The command line's words, in the person's language ({@code dev/cairn/cli/messages*.properties}).
 * Read at each use, so that a language chosen after the command started ({@link CairnCommand}
 * applies the library's {@code ui.language}) is the one spoken from then on. Machine-readable output
 * (JSON, files) never goes through here.
 */
final class Words {

    static final String BUNDLE = "dev.cairn.cli.messages";

    private Words() {}

    /** The text of {@code key} with {@code args} in its places, formatted for the default locale. */
    static String get(String key, Object... args) {
        return Texts.of(BUNDLE).get(key, args);
    }

    /** A size for people: KB below a megabyte, MB below a gigabyte, GB above. */
    static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return get("bytes.kb", bytes / 1024);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return get("bytes.mb", bytes / (1024.0 * 1024));
        }
        return get("bytes.gb", bytes / (1024.0 * 1024 * 1024));
    }

    /** How far the semantic index is: complete, or its percentage and the chunks still without a vector. */
    static String semantic(Number percent, Number waiting) {
        return waiting.longValue() == 0 ? get("semantic.complete") : get("semantic.partial", percent, waiting);
    }

    /** The semantic index's progress line: complete, its percentage and what is left, or why it paused. */
    static String semantic(SemanticIndexer.Progress p) {
        if (p.chunks() == 0 && p.problem() == null) {
            return "";
        }
        int percent = p.coverage().percent();
        return p.problem() != null
                ? get("semantic.paused", percent, Phrase.show(p.problem()))
                : semantic(percent, p.waiting());
    }

    /**
     * The bundle for picocli's help (descriptions, headings), each text read through {@link
     * java.text.MessageFormat} like every other, so one quoting rule holds for the whole file.
     */
    static ResourceBundle help() {
        Texts texts = Texts.of(BUNDLE);
        ResourceBundle raw = texts.bundle();
        return new ResourceBundle() {
            @Override
            protected Object handleGetObject(String key) {
                return raw.containsKey(key) ? texts.get(key) : null;
            }

            @Override
            public Enumeration<String> getKeys() {
                return raw.getKeys();
            }

            @Override
            public Locale getLocale() {
                return texts.locale();
            }
        };
    }
}
