package dev.cairn.app;

import dev.cairn.platform.Phrase;
import dev.cairn.search.Answer;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.GenerationException;
import dev.cairn.search.PriorTurn;
import dev.cairn.search.SearchHit;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChatThread;
import dev.cairn.store.SearchScope;
import dev.cairn.store.ThreadTurn;
import dev.cairn.store.Threads;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions asked in threads, the one way the window and the command line answer them. A question
 * starts a thread or continues one; with a language model, a follow-up is first rewritten from the
 * thread into a question that stands alone, retrieval searches for that, and the model answers with
 * the earlier turns in its request. Without one, a follow-up is searched as it was written. Every
 * answer is stored in its thread with the passages it cites.
 */
public final class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);

    /** The longest thread title; a longer first question is cut at a word. */
    static final int TITLE_CHARS = 100;

    /**
     * How a question is answered.
     *
     * @param model    the language model that writes answers; empty for answers put together from the passages
     * @param fallBack when the model fails, answer from the passages with a note (the window) instead of
     *                 failing (the command line, where the error is the clearer result)
     */
    public record Asking(
            SearchScope scope,
            int top,
            Searcher.Mode mode,
            Optional<ChatGenerator.Endpoint> model,
            ChatGenerator.Options options,
            boolean fallBack) {

        public Asking {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(options, "options");
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1, got " + top);
            }
        }
    }

    /**
     * A question answered and stored.
     *
     * @param thread          the thread it is now part of, as it is after this answer; null when it could not
     *                        be stored ({@code notSaved} says why)
     * @param turn            the turn (question, what was searched for, answer, cited passages)
     * @param answer          the answer with the hits it cites, their snippets' highlights included
     * @param followUpAsGiven a follow-up asked without a language model, so searched as it was written
     * @param notSaved        why the answer is not in the thread, a sentence a person can act on (a {@link
     *                        Phrase} code); empty when it is
     */
    public record Reply(ChatThread thread, ThreadTurn turn, Answer answer, boolean followUpAsGiven, String notSaved) {

        public Reply {
            notSaved = notSaved == null ? "" : notSaved;
        }
    }

    private final Searcher searcher;
    private final Threads threads;

    public Conversations(Searcher searcher, Threads threads) {
        this.searcher = Objects.requireNonNull(searcher, "searcher");
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /**
     * Answers {@code question} in {@code thread} (a new thread when empty), handing a language
     * model's tokens to {@code tokens} as it writes them, and stores the answer in the thread.
     *
     * @throws IllegalArgumentException for a blank question or a thread that is not there
     * @throws GenerationException      when the model fails and {@link Asking#fallBack()} is false
     * @throws InterruptedException     when the answer was cancelled
     */
    public Reply ask(OptionalLong thread, String question, Asking how, Consumer<String> tokens)
            throws InterruptedException {
        String q = question == null ? "" : question.strip();
        if (q.isEmpty()) {
            throw new IllegalArgumentException(Phrase.of("answer.emptyQuestion"));
        }
        List<PriorTurn> prior = List.of();
        if (thread.isPresent()) {
            long id = thread.getAsLong();
            if (threads.find(id).isEmpty()) {
                throw new IllegalArgumentException(Threads.missing(id));
            }
            prior = threads.turns(id).stream()
                    .map(t -> new PriorTurn(t.question(), t.answer()))
                    .toList();
        }
        Made made = how.model().isEmpty() ? fromPassages(q, how, "") : written(prior, q, how, tokens);
        ThreadTurn turn = new ThreadTurn(
                q, made.searchedFor(), made.answer().text(), made.writer(), made.note(), cited(made.answer()), null);
        ChatThread saved = null;
        String notSaved = "";
        try {
            saved = thread.isPresent() ? threads.append(thread.getAsLong(), turn) : threads.start(title(q), turn);
        } catch (RuntimeException e) { // the answer is written: lose only the saving, and say so
            log.warn("Could not store the answer in its thread: {}", Phrase.english(String.valueOf(e.getMessage())));
            notSaved = notSaved(e);
        }
        return new Reply(
                saved, turn, made.answer(), !prior.isEmpty() && how.model().isEmpty(), notSaved);
    }

    /** Why an answer could not be kept in its thread, as a {@link Phrase} code. */
    static String notSaved(RuntimeException e) {
        // The server's first line only, without its "ERROR:" label and the PL/pgSQL context lines after it.
        String why = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip().lines().findFirst().orElse("").replaceAll("(^|: )ERROR:\\s*", "$1");
        return Phrase.of("thread.notSaved", why.replaceAll("[.\\s]+$", ""));
    }

    /** The library's threads, the most recently used first. */
    public List<ChatThread> list() {
        return threads.list();
    }

    /** A thread's turns in the order they were asked; empty for a thread that is not there. */
    public List<ThreadTurn> turns(long thread) {
        return threads.turns(thread);
    }

    public Optional<ChatThread> find(long thread) {
        return threads.find(thread);
    }

    /** Deletes a thread with its turns; false when it was not there. */
    public boolean delete(long thread) {
        return threads.delete(thread);
    }

    /** A thread's title from its first question: on one line, cut at a word when long. */
    static String title(String question) {
        String line = question.strip().replaceAll("\\s+", " ");
        if (line.length() <= TITLE_CHARS) {
            return line;
        }
        int cut = line.lastIndexOf(' ', TITLE_CHARS - 1);
        return line.substring(0, cut > TITLE_CHARS / 2 ? cut : TITLE_CHARS - 1).replaceAll("[\\s,;:.]+$", "") + "…";
    }

    /** What answering made: the answer, what retrieval searched for, who wrote it and what to know about it. */
    private record Made(Answer answer, String searchedFor, String writer, String note) {}

    private Made written(List<PriorTurn> prior, String question, Asking how, Consumer<String> tokens)
            throws InterruptedException {
        ChatGenerator.Endpoint endpoint = how.model().orElseThrow();
        String searchFor = question;
        try (ChatGenerator generator = new ChatGenerator(endpoint, how.options())) {
            searchFor = generator.standalone(prior, question);
            List<SearchHit> hits = searcher.search(searchFor, how.top(), how.mode(), how.scope());
            if (hits.isEmpty()) {
                return new Made(new Answer("", List.of()), searchFor, "", ""); // nothing to write from: not asked
            }
            return new Made(generator.generate(prior, question, hits, tokens), searchFor, endpoint.model(), "");
        } catch (GenerationException e) {
            if (e.reason() == GenerationException.Reason.CANCELLED
                    || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Answer cancelled");
            }
            if (!how.fallBack()) {
                throw e;
            }
            log.warn("The language model could not answer: {}", Phrase.english(e.getMessage()));
            return fromPassages(searchFor, how, Phrase.of("answer.modelSilent", e.getMessage()));
        }
    }

    private Made fromPassages(String searchFor, Asking how, String note) {
        List<SearchHit> hits = searcher.search(searchFor, how.top(), how.mode(), how.scope());
        return new Made(searcher.answer(searchFor, hits), searchFor, "", note);
    }

    private static List<ThreadTurn.Citation> cited(Answer answer) {
        return answer.citations().stream()
                .map(c -> new ThreadTurn.Citation(
                        c.n(),
                        c.hit().path(),
                        c.hit().title(),
                        c.hit().page(),
                        c.hit().snippet() == null
                                ? c.quote()
                                : c.hit().snippet().text(),
                        c.hit().text(),
                        c.hit().charStart(),
                        c.hit().charEnd(),
                        c.hit().score(),
                        c.hit().whereabouts()))
                .toList();
    }
}
