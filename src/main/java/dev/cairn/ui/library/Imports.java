package dev.cairn.ui.library;

import dev.cairn.platform.Phrase;
import dev.cairn.ui.jobs.FinishedImport;
import dev.cairn.ui.jobs.JobsViewModel;
import dev.cairn.ui.kit.FxBatcher;
import dev.cairn.ui.kit.FxPages;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The Library page's work with the pipeline: the table filled from the index at start, files and
 * folders added and sent through the pipeline, documents indexed again or removed, and an import
 * that quitting, a crash or a lost database cut short offered again. Each import is tallied for the
 * Jobs page as it ends. Used on the FX thread, except where a method says otherwise.
 */
public final class Imports {

    /** Library rows handed to the FX thread at a time while the library loads. */
    static final int LOAD_PAGE = 1_000;

    static String interruptedByClosing() {
        return Words.get("imports.interruptedByClosing");
    }

    private final Optional<IngestionGateway> ingestion;
    private final TaskRunner tasks;
    private final LibraryViewModel library;
    private final JobsViewModel jobs;
    private final Consumer<String> status;
    private final Runnable showLibrary;
    /** Pipeline reports reach the library in batches, so a big ingest cannot flood the FX thread. */
    private final FxBatcher<DocumentUpdate> libraryUpdates;
    /** Files of an import that quitting or a crash cut short, with how many were not done; 0 when none. */
    private final ReadOnlyIntegerWrapper unfinishedCount = new ReadOnlyIntegerWrapper();

    private final ReadOnlyStringWrapper unfinishedReason = new ReadOnlyStringWrapper(interruptedByClosing());
    private List<Path> unfinishedFiles = List.of();

    /**
     * @param ingestion   the pipeline, when one is connected; without it added files wait, queued
     * @param jobs        where each import goes as it ends
     * @param status      the window's status line
     * @param showLibrary brings the Library page forward, where an import's rows appear
     */
    public Imports(
            Optional<IngestionGateway> ingestion,
            TaskRunner tasks,
            LibraryViewModel library,
            JobsViewModel jobs,
            Consumer<String> status,
            Runnable showLibrary) {
        this.ingestion = Objects.requireNonNull(ingestion, "ingestion");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.library = Objects.requireNonNull(library, "library");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.status = Objects.requireNonNull(status, "status");
        this.showLibrary = Objects.requireNonNull(showLibrary, "showLibrary");
        this.libraryUpdates = new FxBatcher<>(library::applyAll);
    }

    /** Fills the library from the index, when one is connected; call once the window shows. */
    public void start() {
        ingestion.ifPresent(gateway -> {
            tasks.job(Words.get("imports.loadingLibrary"), progress -> gateway.documents())
                    // One page per frame: a library of tens of thousands of documents never holds up a frame for long.
                    .onSuccess(rows -> FxPages.deliver(rows, LOAD_PAGE, library::applyAll))
                    .start();
            // The offer needs no database: the record of running imports is a small file.
            tasks.job(Words.get("imports.lookingForInterrupted"), progress -> gateway.unfinished())
                    .onSuccess(unfinished -> {
                        unfinishedFiles = unfinished.files();
                        unfinishedCount.set(unfinished.notDone());
                    })
                    .start();
        });
    }

    /**
     * Runs the interrupted import again: every file it listed goes to the pipeline, which skips the
     * ones already indexed by their content hash, so only the rest is read and embedded.
     */
    public void resumeUnfinished() {
        List<Path> files = unfinishedFiles;
        unfinishedFiles = List.of();
        unfinishedCount.set(0);
        unfinishedReason.set(interruptedByClosing());
        ingestion.ifPresent(gateway -> {
            ImportTally tally = ImportTally.resumed(files);
            var scan = tasks.job(Words.get("imports.resuming"), progress -> {
                        progress.message(Words.get("imports.lookingForItsFiles"));
                        gateway.forgetUnfinished(); // the import started below records itself anew
                        return PathScanner.scan(files);
                    })
                    .onSuccess(found -> {
                        List<DocumentRow> rows = library.addOrRequeue(found);
                        tally.scanned(found, rows);
                        List<Path> toIngest = rows.stream()
                                .filter(r -> r.status() != RowStatus.FAILED)
                                .map(DocumentRow::path)
                                .toList();
                        startIngest(gateway, toIngest, "", tally);
                    });
            showLibrary.run();
            scan.start();
        });
    }

    /**
     * An import stopped for a reason that is no file's fault: the banner says why, once, and offers
     * to run it again for the files it did not get to.
     */
    private void offerRetry(List<Path> files, String why) {
        long left = files.stream()
                .filter(p -> library.find(p).map(r -> !r.status().finished()).orElse(true))
                .count();
        status.accept(Words.get("imports.stopped", why));
        // Run again, it takes the whole import: files stored last before a crash of the server may
        // not have reached its disk (ADR 0001: commits are asynchronous), and unchanged ones are skipped by hash.
        unfinishedFiles = files;
        unfinishedReason.set(why);
        unfinishedCount.set((int) Math.max(1, left));
    }

    /** Forgets the interrupted import without running it. */
    public void dismissUnfinished() {
        unfinishedFiles = List.of();
        unfinishedCount.set(0);
        unfinishedReason.set(interruptedByClosing());
        ingestion.ifPresent(gateway -> tasks.job(Words.get("imports.forgetting"), progress -> {
                    gateway.forgetUnfinished();
                    return null;
                })
                .start());
    }

    /** Why the import the banner offers to resume did not finish, in words. */
    public ReadOnlyStringProperty unfinishedReasonProperty() {
        return unfinishedReason.getReadOnlyProperty();
    }

    /** How many files an interrupted import did not get to; 0 when there is nothing to resume. */
    public ReadOnlyIntegerProperty unfinishedCountProperty() {
        return unfinishedCount.getReadOnlyProperty();
    }

    /**
     * Adds files and folders to the library. Folders are walked on a background job; new documents
     * appear as "queued" and go to the ingestion pipeline when one is connected.
     */
    public Task<?> addPaths(List<Path> paths) {
        showLibrary.run();
        ImportTally tally = ImportTally.of(paths);
        return tasks.job(Words.get("imports.adding", paths.size()), progress -> {
                    progress.message(Words.get("imports.lookingForFiles"));
                    return PathScanner.scan(paths);
                })
                .onSuccess(found -> {
                    List<DocumentRow> added = library.addScanned(found);
                    tally.scanned(found, added);
                    queue(added, tally);
                })
                .onCancelled(() -> finished(tally, FinishedImport.Ending.CANCELLED, ""))
                .onFailure(error -> finished(tally, FinishedImport.Ending.FAILED, reason(error)))
                .start();
    }

    /** Sends a document through the pipeline again; an attachment is read again with its message. */
    public void reindex(DocumentRow row) {
        DocumentRow file = library.find(row.file()).orElse(row);
        library.apply(DocumentUpdate.of(file.path(), RowStatus.QUEUED));
        queue(List.of(file), ImportTally.again(file.path()));
    }

    /** Takes the document out of the library (and the index, when connected); the file stays on disk. */
    public void remove(DocumentRow row) {
        library.remove(row);
        ingestion.ifPresent(gateway -> tasks.job(Words.get("imports.removing", row.name()), progress -> {
                    gateway.remove(row.path());
                    return null;
                })
                .start());
        status.accept(Words.get("imports.removed", row.name()));
    }

    private void queue(List<DocumentRow> rows, ImportTally tally) {
        List<Path> files = rows.stream()
                .filter(r -> r.status() == RowStatus.QUEUED)
                .map(DocumentRow::path)
                .toList();
        long failed = rows.stream().filter(r -> r.status() == RowStatus.FAILED).count();
        String failedNote = failed == 0 ? "" : Words.get("imports.cantBeRead", failed);
        if (files.isEmpty()) {
            status.accept(
                    rows.isEmpty()
                            ? Words.get("imports.nothingNew")
                            : Words.get("imports.nothingToIndex") + failedNote);
            finished(
                    tally,
                    FinishedImport.Ending.DONE,
                    ""); // all already there, or none readable: said on the Jobs page
            return;
        }
        ingestion.ifPresentOrElse(
                gateway -> startIngest(gateway, files, failedNote, tally),
                () -> status.accept(Words.get("imports.queuedNotConnected", files.size()) + failedNote));
    }

    private void startIngest(IngestionGateway gateway, List<Path> files, String failedNote, ImportTally tally) {
        if (files.isEmpty()) {
            status.accept(Words.get("imports.nothingToIndex") + failedNote);
            finished(tally, FinishedImport.Ending.DONE, "");
            return;
        }
        status.accept(Words.get("imports.indexing", files.size()) + failedNote);
        tasks.job(Words.get("imports.indexing", files.size()), progress -> ingest(gateway, files, tally, progress))
                .onSuccess(done -> status.accept(outcome(files)))
                .onFailure(error -> {
                    if (error instanceof ImportStopped stopped) {
                        offerRetry(files, stopped.getMessage());
                    }
                })
                .start();
    }

    /** "Indexed 3 of 4 files · 1 failed", counted from the rows (the pipeline's last word on each). */
    private String outcome(List<Path> files) {
        List<DocumentRow> rows =
                files.stream().map(library::find).flatMap(Optional::stream).toList();
        long indexed =
                rows.stream().filter(r -> r.status() == RowStatus.INDEXED).count();
        long failed = rows.stream().filter(r -> r.status() == RowStatus.FAILED).count();
        return Words.get("imports.indexed", indexed, files.size())
                + (failed == 0 ? "" : Words.get("imports.failedNote", failed));
    }

    /**
     * The import's work, on the job's thread. Its outcomes go to the Jobs page once the pipeline let
     * go of its files (a cancel interrupts this job's wait at once; it still ends only after the
     * pipeline did).
     */
    private Void ingest(IngestionGateway gateway, List<Path> files, ImportTally tally, TaskRunner.Progress progress)
            throws Exception {
        progress.progress(0, files.size());
        IngestionGateway.ImportRecord record = gateway.record(files);
        AtomicInteger finished = new AtomicInteger();
        Consumer<DocumentUpdate> updates = update -> {
            if (update.status().finished() && !update.isPart()) { // an attachment comes with its file
                record.done(update.file());
                synchronized (finished) { // the count and the bar move together, whichever thread reports
                    progress.progress(finished.incrementAndGet(), files.size());
                }
            }
            progress.message(update.file().getFileName() + ": "
                    + (update.doing().isEmpty() ? update.status().text() : update.doing()));
            libraryUpdates.offer(update);
        };
        tally.sent(files);
        try {
            gateway.ingest(files, updates, tally::add);
        } catch (Exception e) {
            var ending = ending(e, progress.isCancelled());
            report(tally, ending, ending == FinishedImport.Ending.CANCELLED ? "" : reason(e));
            // Cancelled from the Jobs page: the person chose to stop, so there is nothing to offer
            // again. Interrupted otherwise (the app quits) or failed: kept for the next start.
            if (progress.isCancelled()) {
                record.finish();
            } else {
                record.close();
            }
            throw e;
        }
        record.finish();
        report(tally, FinishedImport.Ending.DONE, "");
        return null;
    }

    /** How an import that threw {@code e} ended; {@code cancelled} when a person cancelled its job. */
    static FinishedImport.Ending ending(Exception e, boolean cancelled) {
        if (e instanceof ImportStopped) {
            return FinishedImport.Ending.STOPPED;
        }
        return cancelled || e instanceof InterruptedException
                ? FinishedImport.Ending.CANCELLED
                : FinishedImport.Ending.FAILED;
    }

    /** Counts the import as it ends, on the job's thread, and hands it to the Jobs page. */
    private void report(ImportTally tally, FinishedImport.Ending ending, String why) {
        FinishedImport done = tally.finish(ending, why, jobs.now());
        Platform.runLater(() -> jobs.finished(done));
    }

    /** An import that ended without a pipeline job (nothing new to send, or the walk itself ended it). */
    private void finished(ImportTally tally, FinishedImport.Ending ending, String why) {
        if (ingestion.isPresent()) { // without a pipeline nothing was imported: the rows wait, queued
            jobs.finished(tally.finish(ending, why, jobs.now()));
        }
    }

    private static String reason(Throwable e) {
        return e == null || e.getMessage() == null
                ? Words.get("common.seeTheLogForDetails")
                : Phrase.show(e.getMessage());
    }

    /** "1 file", "1,000 files". */
}
