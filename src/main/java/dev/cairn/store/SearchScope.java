package dev.cairn.store;

import dev.cairn.platform.Phrase;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The part of the library a search or a question covers: documents under some folders (or these
 * files), of some file types, changed since a moment, or chosen one by one. Every part that is
 * given must hold (a document under one of the folders, and of one of the types, ...); an empty
 * scope is the whole library. Resolved to document ids once per search ({@link #documents}), so
 * that the search statements filter chunks by an indexed column.
 *
 * @param places     folders or files; a document is in scope when its path is one of them or under one
 * @param extensions file extensions without the dot, lower case ({@code pdf}, {@code md})
 * @param since      only documents whose file changed at or after this moment; null for any time
 * @param documents  only these documents (ids); empty for any
 */
public record SearchScope(List<Path> places, Set<String> extensions, Instant since, Set<Long> documents) {

    /** The whole library. */
    public static final SearchScope ALL = new SearchScope(List.of(), Set.of(), null, Set.of());

    public SearchScope {
        places = places.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Set<String> types = new LinkedHashSet<>();
        for (String e : extensions) {
            String t = e.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith(".")) {
                t = t.substring(1);
            }
            if (!t.isEmpty()) {
                types.add(t);
            }
        }
        extensions = Set.copyOf(types);
        documents = Set.copyOf(documents);
    }

    /** Whether this scope is the whole library. */
    public boolean isAll() {
        return places.isEmpty() && extensions.isEmpty() && since == null && documents.isEmpty();
    }

    /** The scope as {@link Phrase} codes, for a message such as "Nothing in the library is in ~/papers, of type pdf." */
    public String describe() {
        if (isAll()) {
            return Phrase.of("scope.all");
        }
        String or = " " + Phrase.of("scope.or") + " ";
        List<String> parts = new ArrayList<>();
        if (places.size() > 3) {
            parts.add(Phrase.of("scope.inMany", places.size()));
        } else if (!places.isEmpty()) {
            parts.add(Phrase.of(
                    "scope.in",
                    String.join(or, places.stream().map(Path::toString).toList())));
        }
        if (!extensions.isEmpty()) {
            parts.add(Phrase.of(
                    "scope.type", String.join(or, extensions.stream().sorted().toList())));
        }
        if (since != null) {
            parts.add(Phrase.of("scope.since", since.atZone(ZoneOffset.UTC).toLocalDate()));
        }
        if (!documents.isEmpty()) {
            parts.add(
                    documents.size() == 1
                            ? Phrase.of("scope.document", documents.iterator().next())
                            : Phrase.of("scope.documents", documents.size()));
        }
        return String.join(", ", parts);
    }

    /**
     * The indexed documents in scope, in one statement over the documents table (one snapshot).
     *
     * @param ids        their ids, ascending
     * @param everything whether they are every document of the library, so that a search within them
     *                   needs no filter
     */
    record Documents(long[] ids, boolean everything) {}

    /** {@link Documents} in scope; one statement over the documents table. */
    Documents documents(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT id, (SELECT count(*) FROM documents) AS library FROM documents WHERE status = 'indexed'");
        List<Object> args = new ArrayList<>();
        if (!places.isEmpty()) {
            // The place itself, or anything under it as a folder ('/a/b' never takes in '/a/bc'); two
            // arrays, so that a selection of thousands of documents is still two parameters.
            sql.append(
                    " AND (path = ANY(?) OR EXISTS (SELECT 1 FROM unnest(?::text[]) AS u(folder) WHERE starts_with(path, u.folder)))");
            args.add(places.stream().map(Path::toString).toArray(String[]::new));
            args.add(places.stream()
                    .map(p -> p.toString().endsWith(File.separator) ? p.toString() : p + File.separator)
                    .toArray(String[]::new));
        }
        if (!extensions.isEmpty()) {
            sql.append(" AND lower(substring(path from '\\.([^./]+)$')) = ANY(?)");
            args.add(extensions.toArray(String[]::new));
        }
        if (since != null) {
            sql.append(" AND mtime >= ?");
            args.add(Timestamp.from(since));
        }
        if (!documents.isEmpty()) {
            sql.append(" AND id = ANY(?)");
            args.add(documents.toArray(Long[]::new));
        }
        sql.append(" ORDER BY id");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                switch (a) {
                    case String[] strings -> ps.setArray(i + 1, c.createArrayOf("text", strings));
                    case Long[] ids -> ps.setArray(i + 1, c.createArrayOf("bigint", ids));
                    default -> ps.setObject(i + 1, Objects.requireNonNull(a));
                }
            }
            List<Long> ids = new ArrayList<>();
            long library = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    library = rs.getLong(2);
                }
            }
            return new Documents(ids.stream().mapToLong(Long::longValue).toArray(), ids.size() == library);
        }
    }
}
