package dev.cairn.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sentence for people made below the faces (a parser's reason, a place in a document, a scope),
 * carried as a key of {@code dev/cairn/platform/phrases*.properties} and its arguments instead of
 * English words, and put into words only where it is shown, in the language of whoever reads it.
 *
 * <p>The code is a plain string, so it travels through the fields, exceptions and database columns
 * that carried the English sentence before: {@code STX key US arg US arg ETX}. An argument may be a
 * code itself (a kind of file inside a reason) and is then put into words too. Text around codes is
 * kept as it is, and so is text without any: rows stored before phrases had codes read as they were.
 */
public final class Phrase {

    /** The bundle every lower layer's texts live in. */
    public static final String BUNDLE = "dev.cairn.platform.phrases";

    private static final char START = '\u0002';
    private static final char NEXT = '\u001F';
    private static final char END = '\u0003';

    private Phrase() {}

    /** The code of {@code key} with {@code args} (each written with {@code toString}, null as empty). */
    public static String of(String key, Object... args) {
        StringBuilder sb = new StringBuilder().append(START).append(key);
        for (Object a : args) {
            sb.append(NEXT).append(a == null ? "" : a.toString());
        }
        return sb.append(END).toString();
    }

    /** Whether {@code text} holds a code (else it is words already). */
    public static boolean isCoded(String text) {
        return text != null && text.indexOf(START) >= 0;
    }

    /**
     * The arguments of {@code text} when it is exactly one code of {@code key} (no words around it),
     * else null: for a face that shows one kind of phrase in its own way.
     */
    public static List<String> args(String text, String key) {
        if (text == null
                || text.length() < key.length() + 2
                || text.charAt(0) != START
                || closing(text, 0) != text.length() - 1) {
            return null;
        }
        List<String> parts = split(text.substring(1, text.length() - 1));
        return parts.getFirst().equals(key) ? List.copyOf(parts.subList(1, parts.size())) : null;
    }

    /** {@code text} in the default display locale's words. */
    public static String show(String text) {
        return show(text, Locale.getDefault(Locale.Category.DISPLAY));
    }

    /** {@code text} in English, for logs and machine-readable output. */
    public static String english(String text) {
        return show(text, Locale.ROOT);
    }

    /** {@code text} with every code in it put into words of {@code locale}. */
    public static String show(String text, Locale locale) {
        if (!isCoded(text)) {
            return text;
        }
        Texts texts = Texts.of(BUNDLE, locale);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf(START, i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = closing(text, start);
            out.append(render(text.substring(start + 1, end), texts, locale));
            i = Math.min(end + 1, text.length());
        }
        return out.toString();
    }

    private static String render(String inner, Texts texts, Locale locale) {
        List<String> parts = split(inner);
        Object[] args = new Object[parts.size() - 1];
        for (int a = 0; a < args.length; a++) {
            args[a] = show(parts.get(a + 1), locale);
        }
        return texts.get(parts.getFirst(), args);
    }

    /** The key and the arguments, split at this level only (nested codes stay whole). */
    private static List<String> split(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == START) {
                depth++;
            } else if (c == END) {
                depth--;
            } else if (c == NEXT && depth == 0) {
                parts.add(inner.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(inner.substring(from));
        return parts;
    }

    /** Where the code opened at {@code start} closes (its END), or the text's end if cut short. */
    private static int closing(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == START) {
                depth++;
            } else if (c == END && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}
