package dev.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn doctor}: what Cairn runs on and where its data lives. Filled in by the store work. */
@Command(name = "doctor", description = "Start the database if needed and report versions, data directory and sizes.")
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        System.out.println("data_dir: " + root.appDirs().dataDir());
        return 0;
    }
}
