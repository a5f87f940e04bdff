package dev.cairn.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Model folders as a person exports them, made from a model Cairn ships: its real ONNX graph and
 * tokenizer copied out of its jar as {@code model.onnx} and {@code tokenizer.json}, beside a descriptor.
 */
public final class ModelFolders {

    /** The descriptor that fits the shipped all-MiniLM-L6-v2. */
    public static final String MINILM = """
            {"pooling": "mean", "normalize": true, "max_tokens": 256, "languages": ["en"]}""";

    private ModelFolders() {}

    /** {@code shipped}'s files in a new folder {@code folder}, with {@code descriptor} as cairn-model.json (none if null). */
    public static Path export(ModelSpec shipped, Path folder, String descriptor) {
        ModelFiles.Bundled files = (ModelFiles.Bundled) shipped.files();
        try {
            Files.createDirectories(folder);
            copy(files.onnxResource(), folder.resolve(ModelFiles.InFolder.GRAPH));
            copy(files.tokenizerResource(), folder.resolve(ModelFiles.InFolder.TOKENIZER));
            if (descriptor != null) {
                Files.writeString(folder.resolve(ModelFiles.InFolder.DESCRIPTOR), descriptor);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** all-MiniLM-L6-v2 exported into {@code folder} with its fitting descriptor. */
    public static Path miniLm(Path folder) {
        return export(ModelSpec.ALL_MINILM_L6_V2, folder, MINILM);
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = ModelFolders.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
    }
}
