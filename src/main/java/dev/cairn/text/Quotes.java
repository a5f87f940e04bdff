package dev.cairn.text;

import java.util.function.UnaryOperator;

/** The parts of a query outside its double quotes, where search syntax such as {@code -word} applies. */
public final class Quotes {

    private Quotes() {}

    /** {@code text} with {@code change} applied to each run outside double quotes; quoted runs stay as written. */
    public static String outside(String text, UnaryOperator<String> change) {
        String[] parts = text.split("\"", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = change.apply(parts[i]);
        }
        return String.join("\"", parts);
    }
}
