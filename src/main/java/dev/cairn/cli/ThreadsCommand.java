package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.platform.Phrase;
import dev.cairn.store.ChatThread;
import dev.cairn.store.ThreadTurn;
import dev.cairn.store.Threads;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn threads list|show|delete}: the conversations kept with the library ({@code cairn ask --thread}). */
@Command(
        name = "threads",
        subcommands = {ThreadsCommand.ListThreads.class, ThreadsCommand.Show.class, ThreadsCommand.Delete.class})
final class ThreadsCommand extends CommandGroup {

    /** When, for people: the date and time as their language writes them, in their time zone. */
    static String when(Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Locale.getDefault())
                .withZone(ZoneId.systemDefault())
                .format(at);
    }

    /** A subcommand that reads or changes the threads: the library is open while it runs. */
    abstract static class OnThreads implements Callable<Integer> {
        @ParentCommand
        ThreadsCommand threads;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Cairn cairn = threads.open()) {
                return call(cairn.threads(), spec.commandLine().getOut());
            }
        }

        abstract int call(Threads threads, PrintWriter out);
    }

    /** A subcommand that prints what it read: as text, or with {@code --json} as one JSON value. */
    abstract static class Printing extends OnThreads {
        @Option(names = "--json", descriptionKey = "opt.threads.printing.json")
        boolean json;

        @Override
        final int call(Threads threads, PrintWriter out) {
            if (json) {
                out.println(Json.write(json(threads)));
            } else {
                text(threads, out);
            }
            out.flush();
            return 0;
        }

        abstract JsonNode json(Threads threads);

        abstract void text(Threads threads, PrintWriter out);
    }

    @Command(name = "list")
    static final class ListThreads extends Printing {
        @Override
        JsonNode json(Threads threads) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (ChatThread t : threads.list()) {
                array.addObject()
                        .put("id", t.id())
                        .put("title", t.title())
                        .put("questions", t.turns())
                        .put("created_at", t.created().toString())
                        .put("updated_at", t.updated().toString());
            }
            return array;
        }

        @Override
        void text(Threads threads, PrintWriter out) {
            List<ChatThread> all = threads.list();
            if (all.isEmpty()) {
                out.println(Words.get("threads.none"));
            }
            for (ChatThread t : all) {
                out.println(Words.get(
                        "threads.row",
                        String.format("%5d", t.id()),
                        when(t.updated()),
                        String.format("%3d", t.turns()),
                        t.turns(),
                        t.title()));
            }
        }
    }

    @Command(name = "show")
    static final class Show extends Printing {
        @Parameters(paramLabel = "ID", descriptionKey = "opt.threads.show.id")
        long id;

        @Override
        JsonNode json(Threads threads) {
            ChatThread thread = threads.find(id).orElseThrow(() -> notThere(id));
            ObjectNode o = Json.object().put("id", thread.id()).put("title", thread.title());
            ArrayNode array = o.putArray("turns");
            for (ThreadTurn t : threads.turns(id)) {
                ObjectNode turn = array.addObject()
                        .put("question", t.question())
                        .put("searched_for", t.searchedFor())
                        .put("answer", t.answer())
                        .put("model", t.writer().isEmpty() ? null : t.writer())
                        .put("note", Phrase.english(t.note()))
                        .put("asked_at", t.askedAt().toString());
                ArrayNode cites = turn.putArray("citations");
                for (ThreadTurn.Citation c : t.citations()) {
                    cites.addObject()
                            .put("n", c.n())
                            .put("document", c.path())
                            .put("page", c.page())
                            .put("place", Phrase.english(c.place()))
                            .put("snippet", c.snippet());
                }
            }
            return o;
        }

        @Override
        void text(Threads threads, PrintWriter out) {
            ChatThread thread = threads.find(id).orElseThrow(() -> notThere(id));
            out.println(Words.get("threads.title", String.valueOf(id), thread.title(), when(thread.created())));
            for (ThreadTurn t : threads.turns(id)) {
                out.println();
                out.println(Words.get("threads.question", t.question()));
                if (t.rewritten()) {
                    out.println(Words.get("threads.searchedFor", t.searchedFor()));
                }
                out.println(
                        Words.get("threads.answer", t.answer().isBlank() ? Words.get("threads.noAnswer") : t.answer()));
                for (ThreadTurn.Citation c : t.citations()) {
                    out.printf(
                            Locale.ROOT,
                            "   [%d] %s%s%n",
                            c.n(),
                            c.path(),
                            c.place().isEmpty() ? "" : ", " + Phrase.show(c.place()));
                }
            }
        }
    }

    @Command(name = "delete")
    static final class Delete extends OnThreads {
        @Parameters(paramLabel = "ID", descriptionKey = "opt.threads.delete.id")
        long id;

        @Override
        int call(Threads threads, PrintWriter out) {
            if (!threads.delete(id)) {
                throw notThere(id);
            }
            out.println(Words.get("threads.deleted", String.valueOf(id)));
            out.flush();
            return 0;
        }
    }

    /** A thread that is not there, in words that say where to find the ones that are. */
    static IllegalArgumentException notThere(long id) {
        return new IllegalArgumentException(Words.get("threads.missing", String.valueOf(id)));
    }
}
