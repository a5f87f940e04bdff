package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.app.Cairn;
import dev.cairn.ingest.IngestResult;
import dev.cairn.ingest.watch.FolderWatcher;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.Phrase;
import dev.cairn.store.WatchedFolder;
import dev.cairn.store.WatchedFolders;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn watch add|list|remove|pause|resume|run}: folders kept in step with the library. */
@Command(
        name = "watch",
        subcommands = {
            WatchCommand.Add.class,
            WatchCommand.ListFolders.class,
            WatchCommand.Remove.class,
            WatchCommand.Pause.class,
            WatchCommand.Resume.class,
            WatchCommand.Run.class
        })
final class WatchCommand extends CommandGroup {

    /** A subcommand that works on the library's watch list: the library is open while it runs. */
    abstract static class OnTheList implements Callable<Integer> {
        @ParentCommand
        WatchCommand watch;

        @Override
        public Integer call() throws Exception {
            try (Cairn cairn = watch.open()) {
                return call(cairn);
            }
        }

        abstract int call(Cairn cairn) throws Exception;
    }

    @Command(name = "add")
    static final class Add extends OnTheList {
        @Parameters(paramLabel = "PATH", descriptionKey = "opt.watch.add.path")
        Path path;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(path)) {
                System.err.println(Words.get("watch.notAFolder", path));
                return 2;
            }
            return super.call();
        }

        @Override
        int call(Cairn cairn) {
            WatchedFolder added = cairn.watchedFolders().add(path);
            System.out.println(Words.get("watch.added", added.path()));
            return 0;
        }
    }

    @Command(name = "list")
    static final class ListFolders extends OnTheList {
        @Option(names = "--json", descriptionKey = "opt.watch.list.json")
        boolean json;

        @Override
        int call(Cairn cairn) {
            List<WatchedFolder> folders = cairn.watchedFolders().list();
            if (json) {
                ArrayNode array = Json.MAPPER.createArrayNode();
                for (WatchedFolder f : folders) {
                    array.addObject()
                            .put("path", f.path().toString())
                            .put("added_at", f.addedAt().toString())
                            .put(
                                    "last_reconciled_at",
                                    f.lastReconciledAt() == null
                                            ? null
                                            : f.lastReconciledAt().toString())
                            .put("state", f.state().name())
                            .put("error", Phrase.english(f.error()))
                            .put("paused", f.paused())
                            .put(
                                    "last_change_at",
                                    f.lastChangeAt() == null
                                            ? null
                                            : f.lastChangeAt().toString());
                }
                System.out.println(Json.write(array));
            } else if (folders.isEmpty()) {
                System.out.println(Words.get("watch.none"));
            } else {
                for (WatchedFolder f : folders) {
                    String when = f.lastReconciledAt() == null
                            ? Words.get("watch.neverReconciled")
                            : Words.get("watch.reconciled", ThreadsCommand.when(f.lastReconciledAt()));
                    System.out.println(Words.get("watch.row", f.path(), when)
                            + (f.paused() ? Words.get("watch.row.paused") : "")
                            + (f.lastChangeAt() == null
                                    ? ""
                                    : Words.get("watch.row.lastChange", ThreadsCommand.when(f.lastChangeAt())))
                            + (f.state() == WatchedFolder.State.FAILED
                                    ? Words.get("watch.row.failed", Phrase.show(f.error()))
                                    : ""));
                }
            }
            return 0;
        }
    }

    /** A change to one folder on the list: said when done, or said in words when the folder is not on it. */
    abstract static class OneFolder extends OnTheList {
        @Parameters(paramLabel = "PATH", descriptionKey = "opt.watch.onefolder.path")
        Path path;

        /** Makes the change; false when the folder is not on the list. */
        abstract boolean change(WatchedFolders list, Path folder);

        /** The words for what was done, with the folder in them: a key of the bundle. */
        abstract String done();

        @Override
        final int call(Cairn cairn) {
            Path folder = path.toAbsolutePath().normalize();
            if (change(cairn.watchedFolders(), folder)) {
                System.out.println(Words.get(done(), folder));
                return 0;
            }
            System.err.println(Words.get("watch.notWatched", folder));
            return 2;
        }
    }

    @Command(name = "remove")
    static final class Remove extends OneFolder {
        @Override
        boolean change(WatchedFolders list, Path folder) {
            return list.remove(folder);
        }

        @Override
        String done() {
            return "watch.removed";
        }
    }

    @Command(name = "pause")
    static final class Pause extends OneFolder {
        @Override
        boolean change(WatchedFolders list, Path folder) {
            return list.pause(folder, true);
        }

        @Override
        String done() {
            return "watch.paused";
        }
    }

    @Command(name = "resume")
    static final class Resume extends OneFolder {
        @Override
        boolean change(WatchedFolders list, Path folder) {
            return list.pause(folder, false);
        }

        @Override
        String done() {
            return "watch.resumed";
        }
    }

    @Command(name = "run")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        WatchCommand watch;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            try (Cairn cairn = watch.open()) {
                if (cairn.watchedFolders().list().isEmpty()) {
                    System.err.println(Words.get("watch.none"));
                    return 1;
                }
                CountDownLatch stop = new CountDownLatch(1);
                CountDownLatch stopped = new CountDownLatch(1);
                Thread hook = new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                stopped.await(30, TimeUnit.SECONDS); // let the watchers close before the JVM goes
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "cairn-watch-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try (LibraryWatch running = cairn.watch(LibraryWatch.Options.defaults(), printer(out))) {
                    cairn.keepVectorIndex(); // as the window does: built after each catch-up of the vectors
                    running.start();
                    out.println(Words.get("watch.pressCtrlC"));
                    stop.await();
                    return 0;
                } finally {
                    stopped.countDown();
                }
            }
        }

        private static LibraryWatch.Listener printer(PrintStream out) {
            return new LibraryWatch.Listener() {
                private final Map<Path, LibraryWatch.Activity> said = new HashMap<>();

                @Override
                public void folders(List<LibraryWatch.Folder> folders) {
                    for (LibraryWatch.Folder f : folders) {
                        if (f.activity() == LibraryWatch.Activity.SCANNING || said.get(f.path()) == f.activity()) {
                            continue;
                        }
                        said.put(f.path(), f.activity());
                        switch (f.activity()) {
                            case WATCHING -> out.println(Words.get("watch.run.watching", f.path()));
                            case PAUSED -> out.println(Words.get("watch.run.paused", f.path()));
                            case FAILED ->
                                System.err.println(Words.get("watch.run.failed", f.path(), Phrase.show(f.problem())));
                            case ELSEWHERE -> out.println(Words.get("watch.run.elsewhere", f.path()));
                            case SCANNING -> {}
                        }
                    }
                }

                @Override
                public void result(IngestResult r) {
                    // unchanged files are the normal case of every reconcile: not worth a line
                    if (!(r instanceof IngestResult.Skipped)) {
                        out.println(ResultLines.of(r));
                    }
                }

                @Override
                public void part(Path file, String partOf, IngestResult r) {
                    if (r instanceof IngestResult.Indexed || r instanceof IngestResult.Failed) {
                        out.println(ResultLines.part(partOf, r));
                    }
                }

                @Override
                public void removed(Path path) {
                    out.println(Words.get("watch.run.removed", path));
                }

                @Override
                public void ran(FolderWatcher.Run run) {
                    if (run.reconcile() && run.summary() != null) {
                        out.println(Words.get(
                                "watch.run.reconciled",
                                run.changed().getFirst(),
                                run.summary().indexed(),
                                run.summary().skipped(),
                                run.summary().failed(),
                                run.removed()));
                    }
                }
            };
        }
    }
}
