package dev.cairn.cli;

import dev.cairn.store.SearchScope;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options that limit {@code search} and {@code ask} to part of the library ({@link SearchScope}). */
final class ScopeOptions {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([dwmy])");

    @Option(names = "--in", paramLabel = "PATH", descriptionKey = "opt.scope.in")
    List<Path> places = new ArrayList<>();

    @Option(names = "--type", paramLabel = "EXT", split = ",", descriptionKey = "opt.scope.type")
    List<String> types = new ArrayList<>();

    @Option(names = "--since", paramLabel = "DATE", descriptionKey = "opt.scope.since")
    String since;

    @Option(names = "--doc", paramLabel = "ID", descriptionKey = "opt.scope.doc")
    List<Long> documents = new ArrayList<>();

    SearchScope scope() {
        return new SearchScope(
                places,
                new java.util.HashSet<>(types),
                since == null ? null : since(since, LocalDate.now()),
                new java.util.HashSet<>(documents));
    }

    /** A date, or a span back from {@code today}; the start of that day in the local time zone. */
    static Instant since(String text, LocalDate today) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(t);
        LocalDate day;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                day = switch (m.group(2)) {
                    case "d" -> today.minusDays(n);
                    case "w" -> today.minusWeeks(n);
                    case "m" -> today.minusMonths(n);
                    default -> today.minusYears(n);
                };
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw new IllegalArgumentException(Words.get("scope.sinceTooFar", text));
            }
        } else {
            try {
                day = LocalDate.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(Words.get("scope.sinceUnreadable", text));
            }
        }
        return day.atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
}
