package dev.cairn.platform;

import java.math.BigDecimal;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.Collections;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words a person reads, in their language: one resource bundle ({@code .properties}, UTF-8) per
 * part of Cairn, English in the base file and each translation beside it ({@code messages_de.properties}).
 *
 * <p>Every text goes through {@link MessageFormat}, with or without arguments, so a pattern is read
 * the same way everywhere: {@code {0}} is the first argument, a single quote is written twice
 * ({@code don''t}), and numbers and dates come out in the bundle's locale. A key a translation lacks
 * falls back to English; a key English lacks reads as the key itself, so a slip shows on screen
 * instead of failing the window (the bundle tests keep it from shipping).
 */
public final class Texts {

    private final ResourceBundle bundle;

    private Texts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The bundle {@code baseName} (for example {@code dev.cairn.ui.messages}) in the default display locale. */
    public static Texts of(String baseName) {
        return of(baseName, Locale.getDefault(Locale.Category.DISPLAY));
    }

    /**
     * The bundle {@code baseName} in {@code locale}, or English where Cairn has no translation for it
     * (never the system's language instead of the one asked for).
     */
    public static Texts of(String baseName, Locale locale) {
        return new Texts(ResourceBundle.getBundle(
                baseName,
                locale,
                Texts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /**
     * Makes {@code locale} the process's default for display and formatting, so that every bundle and
     * every formatted number or date that follows speaks it. Machine-readable output (JSON, files)
     * must format with {@link Locale#ROOT} whatever this is.
     */
    public static void use(Locale locale) {
        Locale.setDefault(locale);
    }

    /**
     * The text of {@code key}, with {@code args} put in its places. An argument the pattern formats as
     * a number ({@code {0,number,integer}}, {@code {0,choice,...}}) may come as the digits of one
     * written with {@code Locale.ROOT} ("4120", "0.52"): a {@link Phrase}'s arguments travel as text,
     * and are grouped and given the locale's decimal mark here ("4.120", "0,52" in German).
     */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        MessageFormat format = new MessageFormat(pattern, locale());
        return format.format(numbersWhereCounted(format, args));
    }

    private static Object[] numbersWhereCounted(MessageFormat format, Object[] args) {
        Format[] formats = format.getFormatsByArgumentIndex();
        Object[] out = args;
        for (int i = 0; i < Math.min(formats.length, args.length); i++) {
            if (formats[i] instanceof NumberFormat && !(args[i] instanceof Number)) {
                BigDecimal number = args[i] instanceof String digits ? number(digits) : null;
                if (number != null) {
                    out = out == args ? args.clone() : out;
                    out[i] = number;
                } else { // not a number after all: shown as it is rather than failing whoever shows it
                    format.setFormatByArgumentIndex(i, null);
                }
            }
        }
        return out;
    }

    private static BigDecimal number(String digits) {
        try {
            return new BigDecimal(digits.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The locale the texts are in: the one asked for where Cairn has it, otherwise English's (the root). */
    public Locale locale() {
        Locale l = bundle.getLocale();
        return l.getLanguage().isEmpty() ? Locale.ENGLISH : l;
    }

    /** The bundle itself, for an FXML loader ({@code %key} in FXML). */
    public ResourceBundle bundle() {
        return bundle;
    }

    /** Every key, this locale's and the ones it falls back to. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(bundle.keySet()));
    }
}
