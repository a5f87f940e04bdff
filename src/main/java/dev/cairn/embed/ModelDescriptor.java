package dev.cairn.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@value ModelFiles.InFolder#DESCRIPTOR} says about the model beside it: what a person writes
 * (pooling, normalisation, token limit, prefixes, languages, and the dimension if they want it
 * checked), and what Cairn adds once the model passed its check (its id, the dimension read from
 * the model, how many texts one call may hold).
 *
 * @param dimension 0 where the person left it to the model
 * @param maxBatch 0 until Cairn has measured it
 * @param id null until Cairn has added the model
 */
public record ModelDescriptor(
        Pooling pooling,
        boolean normalize,
        int maxTokens,
        String queryPrefix,
        String passagePrefix,
        List<String> languages,
        int dimension,
        int maxBatch,
        String id) {

    /** What a person writes for multilingual-e5-small; the README and the errors show it. */
    public static final String EXAMPLE = """
            {
              "pooling": "mean",
              "normalize": true,
              "max_tokens": 512,
              "query_prefix": "query: ",
              "passage_prefix": "passage: ",
              "languages": ["*"]
            }""";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> PERSONS_FIELDS =
            Set.of("pooling", "normalize", "max_tokens", "query_prefix", "passage_prefix", "languages", "dimension");
    private static final Set<String> CAIRNS_FIELDS = Set.of("id", "max_batch");

    /** Reads the descriptor in {@code folder}; the errors name the file, the field and what to write. */
    public static ModelDescriptor read(Path folder) {
        Path file = folder.resolve(ModelFiles.InFolder.DESCRIPTOR);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelFolderException(
                    Phrase.of("model.noDescriptor", folder, ModelFiles.InFolder.DESCRIPTOR, EXAMPLE));
        } catch (JsonProcessingException e) {
            throw new ModelFolderException(Phrase.of("model.notJson", file, e.getOriginalMessage(), EXAMPLE));
        } catch (IOException e) {
            throw new ModelFolderException(Phrase.of("model.cannotRead", file, e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFolderException(Phrase.of("model.notObject", file, EXAMPLE));
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file + ": " + e.getMessage(), e);
        }
    }

    private static ModelDescriptor parse(JsonNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PERSONS_FIELDS.contains(name) && !CAIRNS_FIELDS.contains(name)) {
                throw new IllegalArgumentException(Phrase.of(
                        "model.unknownField",
                        name,
                        String.join(", ", PERSONS_FIELDS.stream().sorted().toList())));
            }
        }
        String pooling = text(root, "pooling", null);
        if (pooling == null) {
            throw new IllegalArgumentException(Phrase.of("model.noPooling"));
        }
        Pooling p;
        try {
            p = Pooling.valueOf(pooling.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Phrase.of("model.badPooling", pooling));
        }
        JsonNode normalize = root.get("normalize");
        if (normalize != null && !normalize.isBoolean()) {
            throw new IllegalArgumentException(Phrase.of("model.badNormalize", normalize));
        }
        int maxTokens = whole(root, "max_tokens", -1);
        if (maxTokens == -1) {
            throw new IllegalArgumentException(Phrase.of("model.noMaxTokens"));
        }
        if (maxTokens < 8) {
            throw new IllegalArgumentException(Phrase.of("model.fewMaxTokens", maxTokens));
        }
        JsonNode langs = root.get("languages");
        if (langs == null || !langs.isArray() || langs.isEmpty()) {
            throw new IllegalArgumentException(Phrase.of("model.noLanguages"));
        }
        List<String> languages = new ArrayList<>();
        langs.forEach(l -> languages.add(l.asText().strip().toLowerCase(Locale.ROOT)));
        ModelSpec.requireLanguages(languages);
        int dimension = whole(root, "dimension", 0);
        if (dimension < 0) {
            throw new IllegalArgumentException(Phrase.of("model.badDimension", dimension));
        }
        return new ModelDescriptor(
                p,
                normalize == null || normalize.booleanValue(),
                maxTokens,
                text(root, "query_prefix", ""),
                text(root, "passage_prefix", ""),
                languages,
                dimension,
                whole(root, "max_batch", 0),
                text(root, "id", null));
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(Phrase.of("model.notString", field, n));
        }
        return n.asText();
    }

    private static int whole(JsonNode root, String field, int fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(Phrase.of("model.notWhole", field, n));
        }
        return n.asInt();
    }

    /** The model these facts describe, its files in {@code files}. */
    public ModelSpec toSpec(String modelId, ModelFiles files, int modelDimension, int modelMaxBatch) {
        try {
            return new ModelSpec(
                    modelId,
                    files,
                    pooling,
                    normalize,
                    maxTokens,
                    queryPrefix,
                    passagePrefix,
                    modelDimension,
                    modelMaxBatch,
                    languages);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(ModelFiles.InFolder.DESCRIPTOR + ": " + e.getMessage(), e);
        }
    }

    /** What Cairn keeps beside an added model: these facts with the ones the check found. */
    static ModelDescriptor of(ModelSpec checked) {
        return new ModelDescriptor(
                checked.pooling(),
                checked.normalize(),
                checked.maxTokens(),
                checked.queryPrefix(),
                checked.passagePrefix(),
                checked.languages(),
                checked.dimension(),
                checked.maxBatch(),
                checked.id());
    }

    /** The facts that change a vector, for the model's fingerprint: not the languages, nor what Cairn measured. */
    String vectorFacts() {
        return String.join(
                "\n",
                pooling.name(),
                Boolean.toString(normalize),
                Integer.toString(maxTokens),
                queryPrefix,
                passagePrefix);
    }

    void write(Path folder) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        o.put("normalize", normalize);
        o.put("max_tokens", maxTokens);
        o.put("query_prefix", queryPrefix);
        o.put("passage_prefix", passagePrefix);
        languages.forEach(o.putArray("languages")::add);
        o.put("dimension", dimension);
        o.put("max_batch", maxBatch);
        Files.writeString(folder.resolve(ModelFiles.InFolder.DESCRIPTOR), JSON.writeValueAsString(o) + "\n");
    }
}
