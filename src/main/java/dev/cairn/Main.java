package dev.cairn;

import dev.cairn.cli.CairnCommand;
import dev.cairn.ui.DesktopLauncher;

/** Entry point: no arguments opens the desktop app, anything else runs the command line. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            DesktopLauncher.launch(args);
            return;
        }
        System.exit(CairnCommand.run(DesktopLauncher::open, args));
    }
}
