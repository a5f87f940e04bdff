package dev.cairn.ui.ask;

import dev.cairn.store.SearchScope;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Ask page's scope as chips: each part of a {@link SearchScope} in words, and what the scope is
 * without it. Pure functions over the immutable scope, so the view model and its tests share them.
 */
final class AskScope {

    /** One chip above the results: its text, and the scope that removing it leaves. */
    record Chip(String text, SearchScope without) {}

    /** More chosen places than this show as one chip ("5 chosen documents"). */
    private static final int PLACES_SHOWN = 3;

    private AskScope() {}

    static List<Chip> chips(SearchScope scope) {
        List<Chip> chips = new ArrayList<>();
        List<Path> places = scope.places();
        if (places.size() > PLACES_SHOWN) {
            // No look at the disk per place (this runs on the FX thread, and a selection may hold thousands).
            chips.add(new Chip(Words.get("ask.scope.chosen", places.size()), withPlaces(scope, List.of())));
        } else {
            for (Path place : places) {
                List<Path> rest = new ArrayList<>(places);
                rest.remove(place);
                String name = place.getFileName() == null
                        ? place.toString()
                        : place.getFileName().toString();
                chips.add(new Chip(
                        Files.isDirectory(place) ? Words.get("ask.scope.in", name) : name, withPlaces(scope, rest)));
            }
        }
        if (!scope.extensions().isEmpty()) {
            String types = scope.extensions().stream()
                    .sorted()
                    .map(e -> e.toUpperCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            chips.add(new Chip(Words.get("ask.scope.type", types), withTypes(scope, Set.of())));
        }
        if (scope.since() != null) {
            chips.add(new Chip(
                    Words.get("ask.scope.since", Formats.date(scope.since().atZone(ZoneId.systemDefault()))),
                    withSince(scope, null)));
        }
        if (!scope.documents().isEmpty()) {
            chips.add(new Chip(
                    Words.get("ask.scope.chosen", scope.documents().size()),
                    new SearchScope(scope.places(), scope.extensions(), scope.since(), Set.of())));
        }
        return chips;
    }

    static SearchScope withPlaces(SearchScope scope, List<Path> places) {
        return new SearchScope(places, scope.extensions(), scope.since(), scope.documents());
    }

    static SearchScope withPlace(SearchScope scope, Path place) {
        List<Path> places = new ArrayList<>(scope.places());
        Path absolute = place.toAbsolutePath().normalize();
        if (!places.contains(absolute)) {
            places.add(absolute);
        }
        return withPlaces(scope, places);
    }

    static SearchScope withTypes(SearchScope scope, Set<String> extensions) {
        return new SearchScope(scope.places(), extensions, scope.since(), scope.documents());
    }

    /** The scope with the given types added ({@code on}) or taken away. */
    static SearchScope toggleTypes(SearchScope scope, List<String> extensions, boolean on) {
        Set<String> types = new HashSet<>(scope.extensions());
        if (on) {
            types.addAll(extensions);
        } else {
            extensions.forEach(types::remove);
        }
        return withTypes(scope, types);
    }

    static SearchScope withSince(SearchScope scope, Instant since) {
        return new SearchScope(scope.places(), scope.extensions(), since, scope.documents());
    }
}
