package dev.cairn.ui;

import dev.cairn.app.Cairn;
import dev.cairn.app.Conversations;
import dev.cairn.app.ImportJournal;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.platform.Phrase;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.QueryTerms;
import dev.cairn.store.ChatThread;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import dev.cairn.store.DocumentStatus;
import dev.cairn.store.SearchScope;
import dev.cairn.store.ThreadTurn;
import dev.cairn.ui.ask.AskGateway;
import dev.cairn.ui.ask.AskResult;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.ask.ThreadItem;
import dev.cairn.ui.ask.TurnItem;
import dev.cairn.ui.jobs.PathOutcome;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Words;
import dev.cairn.ui.library.DocumentUpdate;
import dev.cairn.ui.library.ImportStopped;
import dev.cairn.ui.library.IngestionGateway;
import dev.cairn.ui.library.RowStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The desktop's two seams, served by the real core: the ingestion pipeline and the searcher. */
final class CoreGateways {

    /** Passages read for an answer. */
    static final int ASK_TOP = 8;
    /**
     * A model that is not there should be said quickly (the extractive answer follows); one that is
     * may take a while for its first token when it still has to load.
     */
    static final ChatGenerator.Options ASK_LLM = ChatGenerator.Options.DEFAULT.withTimeouts(
            Duration.ofSeconds(3), Duration.ofSeconds(90), Duration.ofMinutes(5));

    private CoreGateways() {}

    static IngestionGateway ingestion(Cairn cairn) {
        return new IngestionGateway() {
            @Override
            public List<DocumentUpdate> documents() {
                cairn.keepVectorIndex(); // unfinished vectors follow in the background, then the vector index
                return rows(cairn.store(), d -> true);
            }

            @Override
            public void ingest(List<Path> files, Consumer<DocumentUpdate> updates) throws Exception {
                ingest(files, updates, outcome -> {});
            }

            @Override
            public void ingest(List<Path> files, Consumer<DocumentUpdate> updates, Consumer<PathOutcome> outcomes)
                    throws Exception {
                IngestControl control = new IngestControl();
                IngestPipeline pipeline = cairn.pipeline(cairn.ingestOptions());
                // The pipeline runs on its own thread and this one only waits: an interrupt (the job is
                // cancelled, the app quits) becomes a cancel the pipeline finishes cleanly, and this
                // returns only once it let go of the model and the database, which may then close.
                // Interrupting the pipeline itself could leave an ONNX run going on a freed session.
                // The job ends when the text is stored: the documents are searchable by their words, and
                // the library's embedding stage gives them vectors in the background (the status bar says how far).
                FutureTask<IngestSummary> run = new FutureTask<>(
                        () -> pipeline.ingestText(files, false, control, listener(cairn, updates, outcomes)));
                Thread.ofPlatform().name("cairn-ingest").daemon().start(run);
                IngestSummary summary;
                try {
                    summary = run.get();
                } catch (InterruptedException e) {
                    control.cancel();
                    awaitUninterruptibly(run);
                    throw e;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                if (summary.stopped() != null) {
                    throw new ImportStopped(Phrase.show(summary.stopped()));
                }
            }

            @Override
            public ImportRecord record(List<Path> files) {
                ImportJournal.Entry entry = cairn.imports().begin(files);
                return new ImportRecord() {
                    @Override
                    public void done(Path file) {
                        entry.done(file);
                    }

                    @Override
                    public void finish() {
                        entry.finish();
                    }

                    @Override
                    public void close() {
                        entry.close();
                    }
                };
            }

            @Override
            public Unfinished unfinished() {
                ImportJournal.Unfinished u = cairn.imports().unfinished();
                return new Unfinished(u.files(), u.notDone());
            }

            @Override
            public void forgetUnfinished() {
                cairn.imports().forgetUnfinished();
            }

            @Override
            public void remove(Path file) {
                cairn.store().deleteByPath(file.toAbsolutePath().normalize().toString());
            }
        };
    }

    private static IngestPipeline.Listener listener(
            Cairn cairn, Consumer<DocumentUpdate> updates, Consumer<PathOutcome> outcomes) {
        return new IngestPipeline.Listener() {
            @Override
            public void stage(Path file, IngestPipeline.Stage stage) {
                updates.accept(DocumentUpdate.of(file, RowStatus.PARSING));
            }

            @Override
            public void ocrPage(Path file, int page, int pages) {
                updates.accept(DocumentUpdate.doing(file, Words.get("row.readingScannedPage", page, pages)));
            }

            @Override
            public void part(Path file, String partOf, IngestResult result) {
                updates.accept(partUpdate(cairn, partOf, result));
            }

            @Override
            public void result(IngestResult result) {
                updates.accept(update(cairn, result));
                outcomes.accept(
                        switch (result) {
                            case IngestResult.Indexed i -> new PathOutcome(i.path(), PathOutcome.Kind.INDEXED, "");
                            // A file that failed before (here or in another import) and is unchanged is still a
                            // failure, with its reason.
                            case IngestResult.Skipped s ->
                                Phrase.args(s.why(), IngestResult.FAILED_BEFORE) instanceof List<String> before
                                        ? new PathOutcome(
                                                s.path(), PathOutcome.Kind.FAILED, Phrase.show(before.getFirst()))
                                        : new PathOutcome(s.path(), PathOutcome.Kind.UNCHANGED, Phrase.show(s.why()));
                            case IngestResult.Failed f ->
                                new PathOutcome(f.path(), PathOutcome.Kind.FAILED, Phrase.show(f.reason()));
                            case IngestResult.NotFollowed n ->
                                new PathOutcome(
                                        n.path(),
                                        PathOutcome.Kind.NOT_FOLLOWED,
                                        Formats.capitalised(Phrase.show(n.reason())));
                        });
            }
        };
    }

    /** The library's rows for the stored documents that {@code which} takes. */
    static List<DocumentUpdate> rows(ChunkStore store, Predicate<DocumentRecord> which) {
        Map<Long, Integer> chunks = store.chunkCounts();
        List<DocumentUpdate> rows = new ArrayList<>();
        for (DocumentRecord d : store.listDocuments()) {
            if (which.test(d)) {
                rows.add(new DocumentUpdate(
                                Path.of(d.path()),
                                RowStatus.of(d.status()),
                                d.pageCount() == null ? -1 : d.pageCount(),
                                chunks.getOrDefault(d.id(), 0),
                                d.error(),
                                d.sizeBytes(),
                                d.partOf(),
                                "")
                        .withLanguage(d.language()));
            }
        }
        return rows;
    }

    /**
     * The library row a pipeline's result on a file makes. A file read again (indexed, or failed and
     * so stored) holds only the documents reported after it: its update replaces the rows of the old ones.
     */
    static DocumentUpdate update(Cairn cairn, IngestResult result) {
        return switch (result) {
            case IngestResult.Indexed i ->
                new DocumentUpdate(i.path(), RowStatus.INDEXED, -1, i.chunks(), "")
                        .replacingParts()
                        .withLanguage(cairn.store()
                                .findByPath(i.path().toString())
                                .map(DocumentRecord::language)
                                .orElse(""));
            case IngestResult.Skipped s -> skipped(cairn, s);
            case IngestResult.Failed f -> failed(cairn, f);
            case IngestResult.NotFollowed n ->
                DocumentUpdate.failed(n.path(), Formats.capitalised(Phrase.show(n.reason())));
        };
    }

    /**
     * A failed file's row. A failure stored in the library took the file's attachments with it; one
     * that could not be (the file could not be read or stored) left the document as it was, attachments too.
     */
    private static DocumentUpdate failed(Cairn cairn, IngestResult.Failed f) {
        DocumentUpdate update = DocumentUpdate.failed(f.path(), f.reason());
        boolean storedAsIndexed = cairn.store()
                .findByPath(f.path().toString())
                .map(d -> d.status() == DocumentStatus.INDEXED)
                .orElse(false);
        return storedAsIndexed ? update : update.replacingParts();
    }

    /** The row of a document inside a file (an e-mail's attachment): its size and pages are the stored row's. */
    static DocumentUpdate partUpdate(Cairn cairn, String partOf, IngestResult result) {
        DocumentUpdate update = result instanceof IngestResult.Failed f
                ? DocumentUpdate.failed(f.path(), f.reason())
                : update(cairn, result);
        return cairn.store()
                .findByPath(result.path().toString())
                .map(d -> new DocumentUpdate(
                                update.file(),
                                update.status(),
                                d.pageCount() == null ? -1 : d.pageCount(),
                                update.chunks(),
                                update.reason(),
                                d.sizeBytes(),
                                partOf,
                                "")
                        .withLanguage(d.language()))
                .orElse(update.asPartOf(partOf));
    }

    private static void awaitUninterruptibly(FutureTask<?> task) {
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            } catch (ExecutionException ignored) {
                break; // the pipeline's failure after a cancel says nothing more than the cancel
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static AskGateway ask(Cairn cairn) {
        return new AskGateway() {
            @Override
            public AskResult ask(String question) throws InterruptedException {
                return ask(question, token -> {});
            }

            @Override
            public AskResult ask(String question, Consumer<String> tokens) throws InterruptedException {
                return ask(question, SearchScope.ALL, tokens);
            }

            @Override
            public AskResult ask(String question, SearchScope scope, Consumer<String> tokens)
                    throws InterruptedException {
                return ask(OptionalLong.empty(), question, scope, tokens);
            }

            @Override
            public AskResult ask(OptionalLong thread, String question, SearchScope scope, Consumer<String> tokens)
                    throws InterruptedException {
                if (!cairn.searcher().holdsDocuments(scope)) {
                    return new AskResult(
                            "", List.of(), Words.get("ask.noDocumentInScope", Phrase.show(scope.describe())), "");
                }
                Optional<ChatGenerator.Endpoint> endpoint;
                String settingsProblem = "";
                try {
                    // Read per question: an endpoint saved on the Settings page applies to the next one.
                    endpoint = Cairn.llmEndpoint(cairn.settings(), null, null, System.getenv());
                } catch (IOException | IllegalArgumentException e) {
                    endpoint = Optional.empty();
                    settingsProblem = Words.get("ask.llmSettingsUnusable", Phrase.show(e.getMessage()));
                }
                Conversations.Reply reply = cairn.conversations()
                        .ask(
                                thread,
                                question,
                                new Conversations.Asking(scope, ASK_TOP, cairn.searchMode(), endpoint, ASK_LLM, true),
                                tokens);
                AskResult shown = result(reply.turn());
                String note = ((settingsProblem.isEmpty() ? Phrase.show(shown.note()) : settingsProblem) + " "
                                + Phrase.show(reply.notSaved()))
                        .strip();
                return new AskResult(
                        shown.answer(),
                        shown.citations(),
                        note,
                        shown.writer(),
                        shown.searchedFor(),
                        reply.thread() == null ? null : item(reply.thread()),
                        reply.followUpAsGiven());
            }

            @Override
            public List<ThreadItem> threads() {
                return cairn.conversations().list().stream()
                        .map(CoreGateways::item)
                        .toList();
            }

            @Override
            public List<TurnItem> turns(long thread) {
                return cairn.conversations().turns(thread).stream()
                        .map(t -> new TurnItem(t.question(), result(t)))
                        .toList();
            }

            @Override
            public void delete(long thread) {
                cairn.conversations().delete(thread);
            }
        };
    }

    private static ThreadItem item(ChatThread t) {
        return new ThreadItem(t.id(), t.title(), t.updated(), t.turns());
    }

    /** A stored turn as the Ask page shows it; snippets highlight the words that were searched for. */
    private static AskResult result(ThreadTurn turn) {
        List<String> terms = QueryTerms.of(turn.searchedFor());
        List<CitationItem> cites = new ArrayList<>();
        for (ThreadTurn.Citation c : turn.citations()) {
            Path source = Path.of(c.path());
            String name = c.title() != null && !c.title().isBlank()
                    ? c.title()
                    : source.getFileName().toString();
            cites.add(new CitationItem(
                    c.n(),
                    name,
                    source,
                    c.page() == null ? 0 : c.page(),
                    c.snippet(),
                    terms,
                    c.score(),
                    c.passage(),
                    c.charStart(),
                    c.charEnd(),
                    c.place()));
        }
        String answer = cites.isEmpty() && turn.answer().isBlank() ? Words.get("ask.foundNothing") : turn.answer();
        return new AskResult(
                answer,
                cites,
                Phrase.show(turn.note()),
                turn.writer(),
                turn.rewritten() ? turn.searchedFor() : "",
                null,
                false);
    }

    /** An unchanged file keeps the row it had: indexed with its chunks, or failed with its reason. */
    private static DocumentUpdate skipped(Cairn cairn, IngestResult.Skipped s) {
        return cairn.store()
                .findByPath(s.path().toString())
                .map(d -> new DocumentUpdate(
                                s.path(),
                                RowStatus.of(d.status()),
                                d.pageCount() == null ? -1 : d.pageCount(),
                                -1,
                                d.error())
                        .withLanguage(d.language()))
                .orElse(DocumentUpdate.of(s.path(), RowStatus.INDEXED));
    }
}
