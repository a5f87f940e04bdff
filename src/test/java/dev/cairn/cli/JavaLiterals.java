package dev.cairn.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The string literals of a Java source, outside comments, each with the code just before it on its line. */
final class JavaLiterals {

    private JavaLiterals() {}

    /** Keyed by "offset:code before", valued by the literal's text (escapes left as written). */
    static Map<String, String> of(String source) {
        Map<String, String> literals = new LinkedHashMap<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            } else if (c == '\'') {
                i = source.charAt(i + 1) == '\\' ? source.indexOf('\'', i + 3) + 1 : i + 3;
            } else if (c == '"') {
                int start = i + 1;
                int end = start;
                while (source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                int lineStart = source.lastIndexOf('\n', i) + 1;
                // the statement so far: back to the line before when this one only continues it
                int from = source.substring(lineStart, i).isBlank()
                        ? source.lastIndexOf('\n', lineStart - 2) + 1
                        : lineStart;
                literals.put(i + ":" + source.substring(from, i).strip(), source.substring(start, end));
                i = end + 1;
            } else {
                i++;
            }
        }
        return literals;
    }
}
