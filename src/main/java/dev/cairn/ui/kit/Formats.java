package dev.cairn.ui.kit;

import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/** How numbers and dates read in the window: in its language ("1,234" in English, "1.234" in German). */
public final class Formats {

    private Formats() {}

    /** 512 B, 14.2 KB, 3.1 MB, 1.2 GB; "—" when unknown (negative). */
    public static String bytes(long n) {
        if (n < 0) {
            return "—";
        }
        if (n < 1024) {
            return Words.get("format.bytes", n);
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        NumberFormat number = NumberFormat.getNumberInstance(Words.locale());
        number.setMaximumFractionDigits(v >= 100 ? 0 : 1);
        number.setMinimumFractionDigits(v >= 100 ? 0 : 1);
        return number.format(v) + " " + units[i];
    }

    /** The sentence as it starts a line: its first letter upper-case ("semantic index ..." -> "Semantic index ..."). */
    public static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A count, or "—" when not known yet (negative). */
    public static String count(long n) {
        return n < 0 ? "—" : NumberFormat.getIntegerInstance(Words.locale()).format(n);
    }

    public static String megabytes(long n) {
        return Words.get("format.megabytes", n / (1024 * 1024));
    }

    /** A language by its ISO 639 code in the window's language ("de": "German", "Deutsch"); blank for unknown. */
    public static String language(String tag) {
        return tag == null || tag.isBlank() ? "" : Locale.forLanguageTag(tag).getDisplayLanguage(Words.locale());
    }

    /** A time of day: "21:40". */
    public static String time(TemporalAccessor at) {
        return pattern("format.time").format(at);
    }

    /** A day this year with its time: "5 Dec 21:40", "5. Dez. 21:40". */
    public static String dayTime(TemporalAccessor at) {
        return pattern("format.dayTime").format(at);
    }

    /** A day this year: "5 Dec", "5. Dez.". */
    public static String day(TemporalAccessor at) {
        return pattern("format.day").format(at);
    }

    /** A day of any year: "5 Dec 2025", "5. Dez. 2025". */
    public static String date(TemporalAccessor at) {
        return pattern("format.date").format(at);
    }

    private static DateTimeFormatter pattern(String key) {
        return DateTimeFormatter.ofPattern(Words.get(key), Words.locale());
    }
}
