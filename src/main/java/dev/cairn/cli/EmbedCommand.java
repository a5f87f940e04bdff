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
@Command(name = "embed")
final class EmbedCommand implements Callable<Integer> {

    private static final int SHOWN = 8;

    @Parameters(index = "0", paramLabel = "TEXT", descriptionKey = "opt.embed.text")
    String text;

    @Option(names = "--model", paramLabel = "MODEL", descriptionKey = "opt.embed.model")
    String model = ModelSpec.DEFAULT.id();

    @Option(names = "--query", descriptionKey = "opt.embed.query")
    boolean query;

    @Option(names = "--json", descriptionKey = "opt.embed.json")
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
            // The vector's values stay in the dot-decimal form code and other tools read them in.
            StringBuilder values = new StringBuilder();
            for (float f : first) {
                values.append(values.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", f));
            }
            out.println(Words.get(
                    "embed.model",
                    spec.id(),
                    query && !spec.queryPrefix().isEmpty() ? Words.get("embed.asQuery") : ""));
            out.println(Words.get("embed.dimension", vector.length));
            out.println(Words.get(
                    "embed.tokens",
                    tokens,
                    tokens + 2 > spec.maxTokens() ? Words.get("embed.truncated", spec.maxTokens() - 2) : ""));
            out.println(Words.get("embed.norm", VectorMath.norm(vector)));
            out.println(Words.get("embed.first", first.length, values));
            out.println(Words.get("embed.time", embedding.toNanos() / 1e6, load.toMillis()));
        }
        out.flush();
    }
}
