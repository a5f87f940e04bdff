package dev.cairn.ui.ask;

import dev.cairn.platform.Phrase;
import dev.cairn.store.SearchScope;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.FxBatcher;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Ask page's state: the open thread (its earlier questions and answers, and the current one
 * with its [n] markers and the citations behind them), the threads kept with the library, and the
 * question being written.
 */
public final class AskViewModel {

    static String notConnectedHint() {
        return Words.get("ask.hint.notConnected");
    }

    static String readyHint() {
        return Words.get("ask.hint.ready");
    }

    static String followUpsNeedAModel() {
        return Words.get("ask.hint.followUps");
    }

    private final Optional<AskGateway> gateway;
    private final TaskRunner tasks;
    private final DesktopActions desktop;
    private final StringProperty question = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper writer = new ReadOnlyStringWrapper("");
    private final ObservableList<CitationItem> citations = FXCollections.observableArrayList();
    /** The part of the library questions search; the whole of it unless the person narrows it. */
    private final ObjectProperty<SearchScope> scope = new SimpleObjectProperty<>(SearchScope.ALL);
    /** A language model's tokens reach the answer in batches, at most one hand-over per FX turn, never one per token. */
    private final FxBatcher<String> tokens = new FxBatcher<>(this::appendTokens);
    /** The ask whose tokens may still arrive; tokens of an older one are dropped. */
    private TaskRunner.Job<AskResult> streaming;
    /** The threads kept with the library, the most recently used first. */
    private final ObservableList<ThreadItem> threads = FXCollections.observableArrayList();
    /** The open thread's turns before the current one, oldest first. */
    private final ObservableList<TurnItem> earlier = FXCollections.observableArrayList();
    /** The open thread; null for a new one, kept once its first answer is. */
    private final ReadOnlyObjectWrapper<ThreadItem> thread = new ReadOnlyObjectWrapper<>();
    /** Whether the question on the page was answered and kept with its thread. */
    private boolean currentKept;

    /** The current turn's question: the one the answer below it answers. */
    private final ReadOnlyStringWrapper asked = new ReadOnlyStringWrapper("");
    /** What retrieval searched for when a follow-up was rewritten; empty otherwise. */
    private final ReadOnlyStringWrapper searchedFor = new ReadOnlyStringWrapper("");
    /** Said once a session: a follow-up without a language model is searched as written. */
    private boolean toldFollowUps;
    /** Where a clicked citation goes; when unset, the file opens in the system's app. */
    private Consumer<CitationItem> onOpenCitation;

    public AskViewModel(Optional<AskGateway> gateway, TaskRunner tasks, DesktopActions desktop) {
        this.gateway = gateway;
        this.tasks = tasks;
        this.desktop = desktop;
        hint.set(gateway.isPresent() ? readyHint() : notConnectedHint());
    }

    /**
     * Asks the current question on a background job, as the next question of the open thread; does
     * nothing for a blank question or while busy. The question field is emptied for the next one.
     */
    public void ask() {
        String q = question.get() == null ? "" : question.get().strip();
        if (q.isEmpty() || busy.get()) {
            return;
        }
        if (gateway.isEmpty()) {
            hint.set(notConnectedHint());
            return;
        }
        AskGateway g = gateway.get();
        SearchScope within = scope.get();
        OptionalLong in = thread.get() == null
                ? OptionalLong.empty()
                : OptionalLong.of(thread.get().id());
        if (!asked.get().isEmpty() && currentKept) {
            earlier.add(new TurnItem(asked.get(), shown())); // the answer above moves up the thread
        }
        currentKept = false; // a stopped or failed answer is not kept: it stays on the page until replaced
        busy.set(true);
        hint.set(Words.get("ask.hint.searching"));
        asked.set(q);
        question.set("");
        clearAnswer();
        streaming = tasks.job(
                        Words.get("ask.job.answering", q.length() > 40 ? q.substring(0, 40) + "…" : q),
                        progress -> g.ask(in, q, within, token -> tokens.offer(token)))
                .onSuccess(result -> {
                    answered();
                    currentKept = result.thread() != null;
                    show(result);
                    kept(result.thread());
                    if (result.followUpAsGiven() && !toldFollowUps) {
                        toldFollowUps = true;
                        hint.set(followUpsNeedAModel());
                    }
                })
                .onCancelled(() -> {
                    answered();
                    hint.set(Words.get(answer.get().isEmpty() ? "ask.hint.stopped" : "ask.hint.stoppedUnfinished"));
                })
                .onFailure(t -> {
                    answered();
                    hint.set(Words.get(
                            "ask.hint.couldNotAnswer",
                            t == null || t.getMessage() == null
                                    ? Words.get("common.seeTheLog")
                                    : Phrase.show(t.getMessage())));
                });
        streaming.start();
    }

    /**
     * Lists the threads kept with the library again; the page does so each time it is shown, so
     * that threads the command line started or deleted meanwhile are there (or gone).
     */
    public void refreshThreads() {
        if (gateway.isEmpty()) {
            return;
        }
        AskGateway g = gateway.get();
        // A quick read: quiet, so that showing the page does not flash a job in the Jobs view.
        tasks.job(Words.get("ask.job.listing"), progress -> g.threads())
                .quiet()
                .onSuccess(threads::setAll)
                .start();
    }

    /** Starts a new, empty thread; the open one stays in the list. Does nothing while an answer is written. */
    public void newThread() {
        if (busy.get()) {
            return;
        }
        thread.set(null);
        earlier.clear();
        asked.set("");
        clearAnswer();
        hint.set(gateway.isPresent() ? readyHint() : notConnectedHint());
    }

    /** Opens a kept thread: its questions and answers come back as they were. Not while an answer is written. */
    public void open(ThreadItem item) {
        if (busy.get() || item == null || gateway.isEmpty() || item.equals(thread.get())) {
            return;
        }
        AskGateway g = gateway.get();
        tasks.job(Words.get("ask.job.opening", item.title()), progress -> g.turns(item.id()))
                .quiet()
                .onSuccess(turns -> {
                    if (busy.get()) {
                        return; // a question was asked meanwhile: it keeps the page, and its thread
                    }
                    newThread();
                    thread.set(item);
                    hint.set(turns.isEmpty() ? Words.get("ask.hint.emptyThread") : "");
                    if (!turns.isEmpty()) {
                        earlier.setAll(turns.subList(0, turns.size() - 1));
                        asked.set(turns.getLast().question());
                        show(turns.getLast().result());
                        currentKept = true;
                    }
                })
                .onFailure(error -> hint.set(Words.get(
                        "ask.hint.couldNotOpen",
                        error == null || error.getMessage() == null
                                ? Words.get("common.seeTheLog")
                                : Phrase.show(error.getMessage()))))
                .start();
    }

    /** Deletes a kept thread; when it is the open one, a new thread takes its place. */
    public void delete(ThreadItem item) {
        if (item == null || gateway.isEmpty() || (busy.get() && item.equals(thread.get()))) {
            return;
        }
        AskGateway g = gateway.get();
        tasks.job(Words.get("ask.job.deleting", item.title()), progress -> {
                    g.delete(item.id());
                    return item;
                })
                .quiet()
                .onSuccess(gone -> {
                    threads.removeIf(t -> t.id() == gone.id());
                    if (thread.get() != null && thread.get().id() == gone.id()) {
                        newThread();
                    }
                })
                .start();
    }

    /** The thread an answer was kept in goes to the top of the list, and is the open one. */
    private void kept(ThreadItem item) {
        if (item == null) {
            return;
        }
        threads.removeIf(t -> t.id() == item.id());
        threads.addFirst(item);
        thread.set(item);
    }

    /** The current turn's answer as shown, so far. */
    private AskResult shown() {
        return new AskResult(
                answer.get(), List.copyOf(citations), note.get(), writer.get(), searchedFor.get(), null, false);
    }

    private void clearAnswer() {
        answer.set("");
        note.set("");
        writer.set("");
        searchedFor.set("");
        citations.clear();
    }

    /** The question is done with, however it ended: tokens still on their way are dropped. */
    private void answered() {
        busy.set(false);
        streaming = null;
    }

    /**
     * Stops the question being answered, if any: the search or the language model's writing. What
     * was written so far stays on the page, marked unfinished; the model's request is closed.
     */
    public void stop() {
        if (streaming != null) {
            streaming.cancel();
        }
    }

    /** Text a language model wrote so far, batched by {@link FxBatcher}; on the FX thread. */
    private void appendTokens(List<String> batch) {
        if (streaming == null) {
            return; // the answer is already shown whole (or was cancelled)
        }
        if (answer.get().isEmpty()) {
            hint.set(Words.get("ask.hint.writing"));
        }
        answer.set(answer.get() + String.join("", batch));
    }

    /**
     * Questions from now on search only these documents ("Ask about these documents" in the Library);
     * the question field keeps what was typed.
     */
    public void askAbout(List<Path> documents) {
        scope.set(AskScope.withPlaces(SearchScope.ALL, documents));
        hint.set(Words.get("ask.hint.only", documents.size()));
    }

    /** The scope's parts as chips, each with the scope its removal leaves. */
    public List<AskScope.Chip> scopeChips() {
        return AskScope.chips(scope.get());
    }

    public ObjectProperty<SearchScope> scopeProperty() {
        return scope;
    }

    /** Shows an answer and its citations (the seam's result lands here). */
    public void show(AskResult result) {
        note.set(result.note());
        writer.set(result.writer());
        searchedFor.set(result.searchedFor());
        answer.set(result.answer());
        citations.setAll(result.citations());
        // A note that says why nothing was found (a filter no document passes) says it alone.
        hint.set(result.citations().isEmpty() && result.note().isEmpty() ? Words.get("ask.hint.noPassage") : "");
    }

    /** Shows a clicked citation's source: where the window shows sources, or else in the system's app. */
    void openCitation(CitationItem item) {
        if (item.source() == null) {
            return;
        }
        if (onOpenCitation == null) {
            desktop.open(item.source());
        } else {
            onOpenCitation.accept(item);
        }
    }

    public void setOnOpenCitation(Consumer<CitationItem> handler) {
        this.onOpenCitation = handler;
    }

    public ObservableList<ThreadItem> threads() {
        return threads;
    }

    /** The open thread's questions before the current one, oldest first. */
    public ObservableList<TurnItem> earlier() {
        return earlier;
    }

    /** The open thread; null for a new one not kept yet. */
    public ReadOnlyObjectProperty<ThreadItem> threadProperty() {
        return thread.getReadOnlyProperty();
    }

    /** The question the answer shown answers. */
    public ReadOnlyStringProperty askedProperty() {
        return asked.getReadOnlyProperty();
    }

    /** What retrieval searched for when a follow-up was rewritten to stand alone; empty otherwise. */
    public ReadOnlyStringProperty searchedForProperty() {
        return searchedFor.getReadOnlyProperty();
    }

    public StringProperty questionProperty() {
        return question;
    }

    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether questions can be answered: false until search is connected. */
    public boolean available() {
        return gateway.isPresent();
    }

    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    public ObservableList<CitationItem> citations() {
        return citations;
    }

    /** How the answer was made, when a person should know (e.g. the language model was unreachable). */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The language model that wrote the answer; empty for an answer put together from the passages. */
    public ReadOnlyStringProperty writerProperty() {
        return writer.getReadOnlyProperty();
    }
}
