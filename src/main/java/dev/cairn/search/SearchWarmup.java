package dev.cairn.search;

import dev.cairn.store.StoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's first searches, run before they ask: hybrid searches once the library is open, so that the
 * first real ones find the model loaded and run, the warm sessions' statements prepared and planned, and
 * the JIT through its first few hundred compilations of the search path, though not through all of them
 * (docs/decisions/0026, addenda of stops 22 and 25). A few shipped phrases give the shapes a search reads
 * differently; most searches ask a few words of the library's own chunks, each with that chunk's vector,
 * so that the path is compiled for questions as varied as a person's. It asks through
 * {@link Searcher#warmUp}, which neither reads nor fills the result or vector caches, and it stops at the first search a
 * person starts (those warm the path themselves, and must not share two cores with it), when closed, or
 * at its first failure: a library whose database or model cannot start says so to whoever searches
 * next, not here.
 */
public final class SearchWarmup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchWarmup.class);

    /**
     * Searches of a warm-up. On the bench library 200 leave a person's next 500 searches about 190 of the 300
     * compilations they saw without one, and their first search about 0.1 s instead of 1-4 s; 1,000 would
     * leave the JIT nearly done (26), for some 4-5 s of CPU at every start, most of it the server's
     * (docs/decisions/0026, addendum of stop 22).
     */
    public static final int SEARCHES = 200;

    /**
     * Everyday questions of the shapes a search reads differently: plain words, stop words, an
     * identifier, search syntax, a quoted phrase, a question in another script.
     */
    static final List<String> PHRASES = List.of(
            "how do I install the program",
            "what is the difference between a list and a tuple",
            "meeting notes from last week",
            "configure the network connection",
            "error message when the file cannot be opened",
            "who wrote the report about the budget",
            "getConnection timeout",
            "\"release notes\"",
            "backup -restore",
            "summary of the main results",
            "Wie richte ich die Datensicherung ein",
            "検索の設定");

    /**
     * Of a warm-up's searches, every this many asks a shipped phrase; the rest ask the library's own words,
     * or a shipped phrase where the library gave no chunk with a vector for them, or the chunk no word.
     */
    private static final int SHIPPED_EVERY = 4;

    /** The longest a warm-up's question from the library may be, in characters ({@link #wordsOf}). */
    static final int LONGEST_WORDS = 40;

    /** What a warm-up did: how many searches ran, and why it stopped. */
    public record Outcome(int searches, Stop stop) {}

    /** Why a warm-up stopped. */
    public enum Stop {
        /** All its searches ran. */
        DONE,
        /** A person started a search. */
        YIELDED,
        /** Closed (the library or the app is closing). */
        CLOSED,
        /** The database or the model could not be used; logged. */
        FAILED
    }

    private final Supplier<Searcher> searcher;
    private final int searches;
    private volatile boolean closed;

    /** A warm-up of {@link #SEARCHES} searches through the searcher {@code searcher} makes (on first use). */
    public SearchWarmup(Supplier<Searcher> searcher) {
        this(searcher, SEARCHES);
    }

    SearchWarmup(Supplier<Searcher> searcher, int searches) {
        this.searcher = Objects.requireNonNull(searcher);
        if (searches < 0) {
            throw new IllegalArgumentException("A warm-up runs 0 or more searches, not " + searches);
        }
        this.searches = searches;
    }

    /**
     * Runs the warm-up on a new daemon thread; returns it. The thread keeps its starter's priority: a search
     * runs its text half on a virtual thread, and a carrier made for it by a lowered thread would stay lowered
     * for every virtual thread of the process (a person's searches, the window's jobs). It need not be lowered:
     * it stops at a person's first search, and its server work runs where the bundled server runs, at
     * background priority (docs/decisions/0026, addendum of stop 22).
     */
    public Thread start() {
        Thread thread = Thread.ofPlatform().name("cairn-search-warmup").daemon().unstarted(this::run);
        thread.start();
        return thread;
    }

    /** Runs the warm-up on this thread; returns what it did. Never throws for a library that cannot search. */
    public Outcome run() {
        long start = System.nanoTime();
        Outcome outcome = runQuietly();
        log.debug(
                "Search warm-up: {} searches in {} ms, {}",
                outcome.searches(),
                (System.nanoTime() - start) / 1_000_000,
                outcome.stop());
        return outcome;
    }

    private Outcome runQuietly() {
        int ran = 0;
        try {
            if (closed) {
                return new Outcome(0, Stop.CLOSED);
            }
            Searcher s = searcher.get();
            // Any search asked of this searcher is a person's, even one asked while it was being made (a search
            // waiting on the same database start): the warm-up never asks through the counted methods.
            // Each phrase once through the model itself (loaded and run even where the caches know the phrase),
            // then from here: neither embedding cache learns the warm-up's phrases.
            List<float[]> vectors = new ArrayList<>();
            for (String phrase : PHRASES) {
                if (closed || s.searchesAsked() > 0) {
                    return new Outcome(0, closed ? Stop.CLOSED : Stop.YIELDED);
                }
                vectors.add(s.freshQueryVector(phrase));
            }
            // Then mostly the library's own words, each asked with its chunk's vector (no model call): a person's
            // first searches after the shipped phrases alone were slower at the p95 (ADR 0026, addendum of stop 25).
            int fromLibrary = searches - (searches + SHIPPED_EVERY - 1) / SHIPPED_EVERY;
            if (closed || s.searchesAsked() > 0) {
                return new Outcome(0, closed ? Stop.CLOSED : Stop.YIELDED);
            }
            List<StoredChunk> chunks = fromLibrary == 0 ? List.of() : s.warmUpChunks(fromLibrary);
            int shipped = 0;
            int asked = 0;
            for (; ran < searches; ran++) {
                if (closed) {
                    return new Outcome(ran, Stop.CLOSED);
                }
                if (s.searchesAsked() > 0) {
                    return new Outcome(ran, Stop.YIELDED);
                }
                StoredChunk chunk = null;
                String words = null;
                if (ran % SHIPPED_EVERY != 0 && !chunks.isEmpty()) {
                    chunk = chunks.get(asked % chunks.size());
                    words = wordsOf(chunk.text(), asked++);
                }
                if (words == null) {
                    int p = shipped++ % PHRASES.size();
                    s.warmUp(PHRASES.get(p), vectors.get(p));
                } else {
                    s.warmUp(words, chunk.embedding());
                }
            }
            return new Outcome(ran, Stop.DONE);
        } catch (RuntimeException | LinkageError e) {
            // The database or the model is missing or broken: the person's own search will say so in words.
            log.info("Search warm-up stopped after {} searches: {}", ran, e.getMessage());
            return new Outcome(ran, Stop.FAILED);
        }
    }

    /**
     * A few words of {@code text} in a row, as a person might ask them: two to five of them ({@code i} picks how
     * many and where; fewer where the text has fewer, or where they would run over {@link #LONGEST_WORDS}
     * characters), each without the punctuation around it; null when the text has no word. A single word
     * longer than that (a script written without spaces, a long identifier) gives 8 to 16 characters of it,
     * so that no question is a whole passage.
     */
    static String wordsOf(String text, int i) {
        List<String> words = new ArrayList<>();
        for (String w : text.split("[\\s\\p{Z}]+")) {
            int from = 0;
            int to = w.length();
            while (from < to && !isWordCharacter(w.codePointAt(from))) {
                from += Character.charCount(w.codePointAt(from));
            }
            while (to > from && !isWordCharacter(w.codePointBefore(to))) {
                to -= Character.charCount(w.codePointBefore(to));
            }
            if (from < to) {
                words.add(w.substring(from, to));
            }
        }
        if (words.isEmpty()) {
            return null;
        }
        int count = Math.min(words.size(), 2 + Math.floorMod(i, 4));
        int start = Math.floorMod(i * 7, words.size() - count + 1);
        while (count > 1 && length(String.join(" ", words.subList(start, start + count))) > LONGEST_WORDS) {
            count--;
        }
        String question = String.join(" ", words.subList(start, start + count));
        int length = length(question);
        if (length <= LONGEST_WORDS) {
            return question;
        }
        int keep = 8 + Math.floorMod(i, 9);
        int from = question.offsetByCodePoints(0, Math.floorMod(i * 13, length - keep + 1));
        return question.substring(from, question.offsetByCodePoints(from, keep));
    }

    private static boolean isWordCharacter(int codePoint) {
        if (Character.isLetterOrDigit(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Stops the warm-up before its next search. */
    @Override
    public void close() {
        closed = true;
    }
}
