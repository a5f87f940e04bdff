package dev.cairn.bench;

import dev.cairn.app.Cairn;
import dev.cairn.search.SearchHit;
import dev.cairn.search.SearchWarmup;
import dev.cairn.search.Searcher;
import dev.cairn.store.SearchScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The training run behind the launcher's AOT cache (JDK 25: classes loaded and linked, and method profiles, JEPs
 * 483 and 515): what a person's process does first, done once when the launcher builds, under {@code
 * -XX:AOTCacheOutput}. A process started with the cache then has these classes at hand and these methods'
 * profiles, so the JIT compiles the search path while the window's warm-up runs instead of during a person's
 * first few hundred searches (docs/decisions/0026, addendum of stop 29).
 *
 * <p>It loads the classes a desktop start loads (a class list, without running their initialisers), builds a
 * small generated library in the knowledge base it is given, and searches it the ways a person does: hybrid,
 * vector and full-text, the whole library and part of it, with extractive answers, after the window's warm-up.
 * The library's words are not the search benchmark's questions: its own seeds.
 */
public final class AotTraining {

    /** About how many chunks the training library has: a few seconds of the model on two cores. */
    public static final int CHUNKS = 400;

    /** How many different questions it asks, each several ways. */
    public static final int QUESTIONS = 300;

    /**
     * What a training run did: classes loaded and not found, the library's chunks, the searches asked (the warm-up's
     * among them) and how many of the others found nothing, and its length.
     */
    public record Outcome(
            int classesLoaded, int classesMissing, long chunks, int searches, int empty, double seconds) {}

    private final int chunks;
    private final int questions;

    /** A training of about {@code chunks} chunks and {@code questions} questions ({@link #CHUNKS}, {@link #QUESTIONS}). */
    public AotTraining(int chunks, int questions) {
        if (chunks < 1 || questions < 1) {
            throw new IllegalArgumentException("A training needs a chunk and a question at least");
        }
        this.chunks = chunks;
        this.questions = questions;
    }

    /**
     * Loads the classes in {@code classList} (when not null), writes the training library into {@code corpusDir},
     * ingests it into {@code cairn} and searches it.
     */
    public Outcome run(Cairn cairn, Path corpusDir, Path classList) throws InterruptedException {
        long start = System.nanoTime();
        int[] classes = classList == null ? new int[2] : loadClasses(classList);
        SearchCorpus.write(
                corpusDir, chunks, cairn.embedder().tokenizer()::countTokens, SearchBenchmark.tokensPerChunk(), 31);
        SearchBenchmark.ingestGenerated(cairn, corpusDir);
        int[] searches = search(cairn);
        return new Outcome(
                classes[0],
                classes[1],
                cairn.store().stats().chunks(),
                searches[0],
                searches[1],
                (System.nanoTime() - start) / 1e9);
    }

    /** Searches the library; returns how many searches ran and how many of them (the warm-up's aside) found nothing. */
    private int[] search(Cairn cairn) {
        // First the window's warm-up, as when a library opens: it gives way once a search is asked.
        SearchWarmup.Outcome warm = new SearchWarmup(cairn::searcher).run();
        if (warm.stop() != SearchWarmup.Stop.DONE) {
            throw new IllegalStateException("The warm-up of the training run stopped (" + warm.stop() + ")");
        }
        Searcher searcher = cairn.searcher();
        SearchScope part = SearchBenchmark.chosen(cairn.store().documentsIn(SearchScope.ALL), 3);
        List<String> asked = SearchCorpus.queries(questions, 37);
        int[] tally = {warm.searches(), 0};
        Consumer<List<SearchHit>> count = hits -> {
            tally[0]++;
            tally[1] += hits.isEmpty() ? 1 : 0;
        };
        for (int i = 0; i < asked.size(); i++) {
            String q = asked.get(i);
            float[] vector = searcher.queryVector(q);
            List<SearchHit> hits = searcher.search(q, vector, 10, Searcher.Mode.HYBRID);
            count.accept(hits);
            count.accept(searcher.search(q, 10, Searcher.Mode.HYBRID));
            if (i % 2 == 0) {
                count.accept(searcher.search(q, vector, 5, Searcher.Mode.VECTOR));
                count.accept(searcher.search(q, vector, 20, Searcher.Mode.VECTOR));
            }
            if (i % 3 == 0) {
                count.accept(searcher.search(q, vector, 10, Searcher.Mode.TEXT));
            }
            if (i % 4 == 0) {
                count.accept(searcher.search(q, 10, Searcher.Mode.HYBRID, part));
            }
            if (i % 5 == 0) {
                Objects.requireNonNull(searcher.answer(q, hits));
            }
        }
        return tally;
    }

    /**
     * Loads each class named in {@code classList} (a binary name first on each line, as {@code -XX:DumpLoadedClassList}
     * writes them, or alone, as {@code packaging/cds/make-classlist.sh} keeps them; {@code #} and {@code @} lines
     * skipped), without initialising it; returns how many loaded and how many could not be (a
     * class of another JDK, or gone from the code since the list was made).
     */
    static int[] loadClasses(Path classList) {
        List<String> lines;
        try {
            lines = Files.readAllLines(classList, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the class list " + classList + ": " + e.getMessage(), e);
        }
        ClassLoader loader = AotTraining.class.getClassLoader();
        int loaded = 0;
        int missing = 0;
        for (String line : lines) {
            String[] tokens = line.strip().split("\\s+", 2);
            String name = tokens[0];
            if (name.isEmpty() || name.startsWith("#") || name.startsWith("@")) {
                continue;
            }
            try {
                Class.forName(name.replace('/', '.'), false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                missing++;
            }
        }
        return new int[] {loaded, missing};
    }
}
