package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.app.ModelChoices;
import dev.cairn.embed.ModelFiles;
import dev.cairn.embed.ModelFolderException;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.platform.Phrase;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn models list|add|remove|use}: the embedding models Cairn ships and those the person added. */
@Command(
        name = "models",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.Add.class,
            ModelsCommand.Remove.class,
            ModelsCommand.Use.class
        })
final class ModelsCommand extends CommandGroup {

    ModelChoices choices() {
        return ModelChoices.of(root.appDirs());
    }

    /** A subcommand on the library's model choices; a folder or name that won't do is said in words, exit code 2. */
    abstract static class OnTheChoices implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                return call(models.choices(), spec.commandLine().getOut());
            } catch (ModelFolderException e) {
                spec.commandLine().getErr().println(Words.get("error", Phrase.show(e.getMessage())));
                return 2;
            } finally {
                spec.commandLine().getOut().flush();
            }
        }

        abstract int call(ModelChoices choices, PrintWriter out) throws Exception;
    }

    @Command(name = "list")
    static final class ListModels extends OnTheChoices {
        @Option(names = "--json", descriptionKey = "opt.models.list.json")
        boolean json;

        @Override
        int call(ModelChoices choices, PrintWriter out) throws Exception {
            ModelSpec chosen = choices.chosen();
            List<ModelSpec> all = choices.all();
            if (json) {
                ArrayNode array = Json.MAPPER.createArrayNode();
                all.forEach(m -> array.add(toJson(m, m.equals(chosen))));
                out.println(Json.write(array));
                return 0;
            }
            for (ModelSpec m : all) {
                out.println(String.format(
                                Locale.ROOT,
                                "%s %-24s %5d  %-9s ",
                                m.equals(chosen) ? "*" : " ",
                                m.name(),
                                m.dimension(),
                                String.join(",", m.languages()))
                        + (m.shipped()
                                ? Words.get("models.shipped")
                                : Words.get("models.added", megabytes(ModelChoices.bytes(m)))));
            }
            out.println(Words.get("models.legend"));
            if (choices.added().isEmpty()) {
                out.println(Words.get("models.addYourOwn"));
            }
            return 0;
        }
    }

    @Command(name = "add")
    static final class Add extends OnTheChoices {
        @Parameters(paramLabel = "FOLDER", descriptionKey = "opt.models.add.folder")
        Path folder;

        @Option(names = "--name", paramLabel = "NAME", descriptionKey = "opt.models.add.name")
        String name;

        @Option(names = "--json", descriptionKey = "opt.models.add.json")
        boolean json;

        @Override
        int call(ModelChoices choices, PrintWriter out) {
            if (!json) {
                out.println(Words.get("models.checking", folder.toAbsolutePath().normalize()));
                out.flush();
            }
            ModelSpec added = choices.add(folder, name);
            if (json) {
                out.println(Json.write(toJson(added, false)));
                return 0;
            }
            out.println(Words.get(
                    "models.addedOne",
                    added.name(),
                    added.dimension(),
                    added.pooling().name().toLowerCase(Locale.ROOT),
                    added.maxTokens(),
                    String.join(",", added.languages()),
                    added.maxBatch() == 1 ? Words.get("models.oneTextACall") : "",
                    megabytes(ModelChoices.bytes(added)),
                    folderOf(added)));
            out.println(Words.get("models.useIt", added.name()));
            return 0;
        }
    }

    @Command(name = "remove")
    static final class Remove extends OnTheChoices {
        @Parameters(paramLabel = "NAME", descriptionKey = "opt.models.remove.name")
        String name;

        @Override
        int call(ModelChoices choices, PrintWriter out) throws Exception {
            long bytes = choices.added().stream()
                    .filter(m -> m.name().equalsIgnoreCase(name.strip()))
                    .mapToLong(ModelChoices::bytes)
                    .sum();
            Optional<ModelSpec> removed = choices.remove(name);
            if (removed.isEmpty()) {
                spec.commandLine().getErr().println(Words.get("models.noSuch", name));
                return 2;
            }
            long forgotten = forgetCachedVectors(removed.get());
            out.println(Words.get(
                    "models.removed",
                    removed.get().name(),
                    megabytes(bytes),
                    forgotten > 0 ? Words.get("models.removed.cached", forgotten) : ""));
            return 0;
        }

        /** Its vectors in the library's embedding cache can never be asked for again: the id names its files. */
        private long forgetCachedVectors(ModelSpec removed) {
            boolean library = models.root.dbUrl() != null
                    || Files.exists(models.root.appDirs().pgData().resolve("PG_VERSION"));
            if (!library) {
                return 0;
            }
            try (Cairn cairn = models.open()) {
                return cairn.forgetCachedVectors(removed.id());
            }
        }
    }

    @Command(name = "use")
    static final class Use extends OnTheChoices {
        @Parameters(paramLabel = "NAME", descriptionKey = "opt.models.use.name")
        String name;

        @Option(names = "--wait", descriptionKey = "opt.models.use.wait")
        boolean waitForVectors;

        @Override
        int call(ModelChoices choices, PrintWriter out) throws Exception {
            ModelSpec model = choices.find(name);
            ModelSpec before = choices.choose(model);
            if (before.equals(model)) {
                out.println(Words.get("models.already", model.name()));
            } else if (!waitForVectors) {
                out.println(Words.get("models.chosen", model.name(), before.name()));
            }
            return waitForVectors ? reembed(out) : 0;
        }

        private int reembed(PrintWriter out) throws InterruptedException {
            try (Cairn cairn = models.open()) {
                SemanticIndexer stage = cairn.semanticIndex();
                boolean terminal = System.console() != null;
                PrintWriter err = spec.commandLine().getErr();
                Consumer<SemanticIndexer.Progress> show = p -> {
                    if (terminal) {
                        err.print("\r" + Words.semantic(p) + "\033[K");
                        err.flush();
                    }
                };
                stage.addListener(show);
                SemanticIndexer.Progress end = stage.awaitComplete(new IngestControl());
                stage.removeListener(show);
                if (terminal) {
                    err.print("\r\033[K");
                }
                if (!end.complete()) {
                    err.println(Words.get("models.reembed.incomplete", Words.semantic(end)));
                    return 1;
                }
                out.println(Words.get("models.reembed.done", cairn.model().name(), end.chunks()));
                return 0;
            }
        }
    }

    static ObjectNode toJson(ModelSpec m, boolean chosen) {
        ObjectNode o = Json.object()
                .put("name", m.name())
                .put("id", m.id())
                .put("shipped", m.shipped())
                .put("active", chosen)
                .put("dimension", m.dimension())
                .put("pooling", m.pooling().name().toLowerCase(Locale.ROOT))
                .put("normalize", m.normalize())
                .put("max_tokens", m.maxTokens())
                .put("query_prefix", m.queryPrefix())
                .put("passage_prefix", m.passagePrefix())
                .put("max_batch", m.maxBatch());
        m.languages().forEach(o.putArray("languages")::add);
        if (!m.shipped()) {
            o.put("folder", folderOf(m).toString()).put("bytes", ModelChoices.bytes(m));
        }
        return o;
    }

    private static Path folderOf(ModelSpec m) {
        return ((ModelFiles.InFolder) m.files()).folder();
    }

    private static String megabytes(long bytes) {
        return Words.get("models.megabytes", Math.round(bytes / 1e6));
    }
}
