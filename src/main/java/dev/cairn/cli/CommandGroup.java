package dev.cairn.cli;

import dev.cairn.app.Cairn;
import picocli.CommandLine.ParentCommand;

/** A command whose subcommands do the work ({@code watch}, {@code models}): it knows the root's global options. */
abstract class CommandGroup {

    @ParentCommand
    CairnCommand root;

    /** The library the global options name, open until closed. */
    Cairn open() {
        return Cairn.open(root.appDirs(), root.dbUrl());
    }
}
