package dev.cairn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Arguments picocli could not make sense of ("Unknown option", "Missing required parameter"), said
 * in the person's language with the command's usage after it. Picocli raises these before the
 * command runs, so the library's language is looked up here, from the {@code --data-dir} picocli
 * had read before it stopped (else the default data directory's settings, else the system's).
 */
final class BadArguments {

    private BadArguments() {}

    static int handle(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        CommandLine root = root(cmd);
        CairnCommand.speakTheLanguageOf(((CairnCommand) root.getCommand()).appDirs(), root);
        PrintWriter err = cmd.getErr();
        err.println(Words.get("error", said(ex)));
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            err.println(Words.get("args.didYouMean", String.join(", ", unmatched.getSuggestions())));
        } else {
            cmd.usage(err, cmd.getColorScheme());
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** What is wrong, in words: picocli's own sentence only after a translated lead, for the rarer cases. */
    static String said(ParameterException ex) {
        return switch (ex) {
            case CommandLine.UnmatchedArgumentException u
            when !u.getUnmatched().isEmpty() ->
                u.getUnmatched().getFirst().startsWith("-")
                        ? Words.get("args.unknownOption", u.getUnmatched().size(), quoted(u.getUnmatched()))
                        : Words.get("args.unmatched", u.getUnmatched().size(), quoted(u.getUnmatched()));
            case CommandLine.MissingParameterException m ->
                Words.get(
                        "args.missing",
                        m.getMissing().size(),
                        m.getMissing().stream().map(BadArguments::name).collect(Collectors.joining(", ")));
            default -> Words.get("args.invalid", ex.getMessage());
        };
    }

    private static String quoted(List<String> args) {
        return args.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? "'" + o.longestName() + "'" : "'" + arg.paramLabel() + "'";
    }

    private static CommandLine root(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c;
    }
}
