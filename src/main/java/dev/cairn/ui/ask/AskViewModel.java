package dev.cairn.ui.ask;

import dev.cairn.store.SearchScope;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.FxBatcher;
import dev.cairn.ui.kit.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** A question, its answer with [n] markers, and the citations behind them. */
public final class AskViewModel {

    static final String NOT_CONNECTED_HINT =
            "Search arrives with indexing: once your documents are indexed, answers with their sources appear here.";
    static final String READY_HINT = "Ask anything about your documents. Press Enter to ask.";

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
    /** Where a clicked citation goes; when unset, the file opens in the system's app. */
    private Consumer<CitationItem> onOpenCitation;

    public AskViewModel(Optional<AskGateway> gateway, TaskRunner tasks, DesktopActions desktop) {
        this.gateway = gateway;
        this.tasks = tasks;
        this.desktop = desktop;
        hint.set(gateway.isPresent() ? READY_HINT : NOT_CONNECTED_HINT);
    }

    /** Asks the current question on a background job; does nothing for a blank question or while busy. */
    public void ask() {
        String q = question.get() == null ? "" : question.get().strip();
        if (q.isEmpty() || busy.get()) {
            return;
        }
        if (gateway.isEmpty()) {
            hint.set(NOT_CONNECTED_HINT);
            return;
        }
        AskGateway g = gateway.get();
        SearchScope within = scope.get();
        busy.set(true);
        hint.set("Searching your documents…");
        answer.set("");
        note.set("");
        writer.set("");
        citations.clear();
        streaming = tasks.job(
                        "Answering “" + (q.length() > 40 ? q.substring(0, 40) + "…" : q) + "”",
                        progress -> g.ask(q, within, token -> tokens.offer(token)))
                .onSuccess(result -> {
                    answered();
                    show(result);
                })
                .onCancelled(() -> {
                    answered();
                    hint.set(answer.get().isEmpty() ? "Stopped." : "Stopped: the answer above is unfinished.");
                })
                .onFailure(t -> {
                    answered();
                    hint.set("Couldn't answer: "
                            + (t == null || t.getMessage() == null ? "see the log" : t.getMessage()));
                });
        streaming.start();
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
            hint.set("Writing the answer…");
        }
        answer.set(answer.get() + String.join("", batch));
    }

    /**
     * Questions from now on search only these documents ("Ask about these documents" in the Library);
     * the question field keeps what was typed.
     */
    public void askAbout(List<Path> documents) {
        scope.set(AskScope.withPlaces(SearchScope.ALL, documents));
        hint.set(
                documents.size() == 1
                        ? "Questions now search only this document. Remove the chip to search everything."
                        : "Questions now search only these " + documents.size()
                                + " documents. Remove the chip to search everything.");
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
        answer.set(result.answer());
        citations.setAll(result.citations());
        // A note that says why nothing was found (a filter no document passes) says it alone.
        hint.set(
                result.citations().isEmpty() && result.note().isEmpty()
                        ? "No passage in your documents matched this question."
                        : "");
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
