package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.ModelChoices;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.embed.VectorMath;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn embed "text"}: the vector of one text, to check the model works and see how fast. */
@Command(name = "embed", description = "Embed one text with the on-device model and show the vector's first values.")
final class EmbedCommand implements Callable<Integer> {

    private static final int SHOWN = 8;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text to embed (quote it).")
    String text;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "all-minilm-l6-v2 (default), another shipped model or one you added (`cairn models list`).")
    String model = ModelSpec.DEFAULT.id();

    @Option(
            names = "--query",
            description = "Embed the text as a search query (adds the model's query instruction, if any).")
    boolean query;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @ParentCommand
    CairnCommand root;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec = ModelChoices.of(root.appDirs()).find(model);
        try (OnnxEmbedder embedder = OnnxEmbedder.create(spec)) {
            int tokens = embedder.tokenizer().countTokens(query ? spec.queryText(text) : text);
            long start = System.nanoTime();
            float[] vector = query ? embedder.embedQuery(text) : embedder.embed(text);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            Duration load = embedder.loadTime().orElse(Duration.ZERO);
            Duration embedding = total.minus(load);
            print(spec, tokens, vector, embedding, load);
        }
        return 0;
    }

    private void print(ModelSpec spec, int tokens, float[] vector, Duration embedding, Duration load) throws Exception {
        PrintWriter out = this.spec.commandLine().getOut();
        float[] first = java.util.Arrays.copyOf(vector, Math.min(SHOWN, vector.length));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", spec.id());
            m.put("dimension", vector.length);
            m.put("tokens", tokens);
            m.put("truncated", tokens + 2 > spec.maxTokens());
            m.put("query", query);
            m.put("norm", VectorMath.norm(vector));
            m.put("first", first);
            m.put("embed_ms", embedding.toNanos() / 1e6);
            m.put("load_ms", load.toMillis());
            out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            StringBuilder values = new StringBuilder();
            for (float f : first) {
                values.append(values.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", f));
            }
            out.printf(
                    Locale.ROOT,
                    "model:      %s%s%n",
                    spec.id(),
                    query && !spec.queryPrefix().isEmpty() ? " (as a query)" : "");
            out.printf(Locale.ROOT, "dimension:  %d%n", vector.length);
            out.printf(
                    Locale.ROOT,
                    "tokens:     %d%s%n",
                    tokens,
                    tokens + 2 > spec.maxTokens() ? " (truncated to " + (spec.maxTokens() - 2) + ")" : "");
            out.printf(Locale.ROOT, "norm:       %.6f%n", VectorMath.norm(vector));
            out.printf(Locale.ROOT, "first %d:    [%s, ...]%n", first.length, values);
            out.printf(
                    Locale.ROOT,
                    "time:       %.2f ms (model load %d ms, not included)%n",
                    embedding.toNanos() / 1e6,
                    load.toMillis());
        }
        out.flush();
    }
}
