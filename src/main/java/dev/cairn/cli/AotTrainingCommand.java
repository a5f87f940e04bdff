package dev.cairn.cli;

import dev.cairn.app.Cairn;
import dev.cairn.bench.AotTraining;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench aot-training}: the training run the launcher records its AOT cache from (see {@link
 * AotTraining}); hidden, since only the launcher runs it.
 */
@Command(
        name = "aot-training",
        hidden = true,
        description = "The launcher's AOT cache training run: loads the classes of --classes, then builds, ingests and"
                + " searches a small generated library in a temporary data directory of its own.")
final class AotTrainingCommand implements Callable<Integer> {

    @Option(names = "--classes", paramLabel = "FILE", description = "A class list (-XX:DumpLoadedClassList) to load.")
    Path classes;

    @Option(names = "--chunks", hidden = true, paramLabel = "N", description = "About how many chunks (tests).")
    int chunks = AotTraining.CHUNKS;

    @Option(names = "--questions", hidden = true, paramLabel = "N", description = "How many questions (tests).")
    int questions = AotTraining.QUESTIONS;

    @Option(
            names = "--work-dir",
            hidden = true,
            paramLabel = "DIR",
            description = "Where its temporary data directory is made (tests; default: the system's).")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Always a library of its own on a server of its own, never the person's (--data-dir and --db-url are not
        // read).
        Path dataDir = workDir == null
                ? Files.createTempDirectory("cairn-aot-training-")
                : Files.createTempDirectory(Files.createDirectories(workDir), "cairn-aot-training-");
        AppDirs dirs = new AppDirs(dataDir);
        try (Cairn cairn = Cairn.open(dirs, null)) {
            AotTraining.Outcome done = new AotTraining(chunks, questions)
                    .run(cairn, dirs.dataDir().resolve("aot-training-library"), classes);
            spec.commandLine()
                    .getOut()
                    .println(String.format(
                            Locale.ROOT,
                            "AOT training: %d classes loaded (%d not found), %d chunks, %d searches (%d found nothing),"
                                    + " %.1f s",
                            done.classesLoaded(),
                            done.classesMissing(),
                            done.chunks(),
                            done.searches(),
                            done.empty(),
                            done.seconds()));
        } finally {
            try {
                Directories.deleteRecursively(dataDir);
            } catch (IOException | RuntimeException e) {
                // Said, not thrown: an exception here would hide the training's own.
                spec.commandLine().getErr().println("Could not delete " + dataDir + ": " + e.getMessage());
            }
        }
        return 0;
    }
}
