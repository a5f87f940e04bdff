package dev.cairn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn open PATH...}: the desktop app with these files added (what a desktop entry's {@code %F}
 * calls). If Cairn already runs on the data directory, the files go to that window instead.
 */
@Command(name = "open")
final class OpenCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Parameters(paramLabel = "PATH", arity = "0..*", descriptionKey = "opt.open.path")
    List<Path> paths;

    @Override
    public Integer call() {
        return root.desktop().open(root.dataDir, root.dbUrl(), paths == null ? List.of() : paths);
    }
}
