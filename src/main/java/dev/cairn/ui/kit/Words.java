package dev.cairn.ui.kit;

import dev.cairn.platform.Texts;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's words, from {@code dev/cairn/ui/messages*.properties} in the default locale (set once
 * at start from Settings' language, see DesktopLauncher). Read again when that locale changes, so a
 * test can open the window in German after one in English.
 */
public final class Words {

    public static final String BUNDLE = "dev.cairn.ui.messages";

    private static volatile Loaded loaded;

    private record Loaded(Locale asked, Texts texts) {}

    private Words() {}

    /** The text of {@code key} with {@code args} in its places (MessageFormat, in the window's locale). */
    public static String get(String key, Object... args) {
        return texts().get(key, args);
    }

    /** The bundle, for FXMLLoader ({@code %key} in FXML). */
    public static ResourceBundle bundle() {
        return texts().bundle();
    }

    /** The locale the window speaks: the asked one where Cairn has it, else English. */
    public static Locale locale() {
        return texts().locale();
    }

    private static Texts texts() {
        Locale asked = Locale.getDefault(Locale.Category.DISPLAY);
        Loaded l = loaded;
        if (l == null || !l.asked().equals(asked)) {
            l = new Loaded(asked, Texts.of(BUNDLE, asked));
            loaded = l;
        }
        return l.texts();
    }
}
