package dev.cairn.ui.kit;

import java.util.Locale;

/** How numbers read in the UI. */
public final class Formats {

    private Formats() {}

    /** 512 B, 14.2 KB, 3.1 MB, 1.2 GB; "—" when unknown (negative). */
    public static String bytes(long n) {
        if (n < 0) {
            return "—";
        }
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[i]);
    }

    /** A count, or "—" when not known yet (negative). */
    /** The sentence as it starts a line: its first letter upper-case ("semantic index ..." -> "Semantic index ..."). */
    public static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public static String count(int n) {
        return n < 0 ? "—" : String.format(Locale.ROOT, "%,d", n);
    }

    public static String megabytes(long n) {
        return String.format(Locale.ROOT, "%,d MB", n / (1024 * 1024));
    }
}
