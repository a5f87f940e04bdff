package dev.cairn.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a model's graph and tokenizer are: resources in one of the model jars Cairn ships, or files
 * in a folder that the person added ({@link AddedModels}).
 */
public sealed interface ModelFiles {

    /** Opens the model's Hugging Face {@code tokenizer.json}. */
    InputStream openTokenizer() throws IOException;

    /** Where the graph is, for messages. */
    String graphName();

    /**
     * A model shipped in a jar on the classpath.
     *
     * @param onnxResource the ONNX graph, a resource at the classpath root
     * @param tokenizerResource the {@code tokenizer.json}, a resource at the classpath root
     */
    record Bundled(String onnxResource, String tokenizerResource) implements ModelFiles {

        @Override
        public InputStream openTokenizer() throws IOException {
            InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(tokenizerResource);
            if (in == null) {
                throw new NoSuchFileException(
                        tokenizerResource, null, "not on the classpath; the model's jar is missing from this build");
            }
            return in;
        }

        @Override
        public String graphName() {
            return onnxResource;
        }
    }

    /**
     * A model in a folder of its own: {@value #GRAPH}, {@value #TOKENIZER} and the descriptor
     * {@value #DESCRIPTOR}.
     */
    record InFolder(Path folder) implements ModelFiles {

        public static final String GRAPH = "model.onnx";
        public static final String TOKENIZER = "tokenizer.json";
        public static final String DESCRIPTOR = "cairn-model.json";

        public InFolder {
            folder = folder.toAbsolutePath().normalize();
        }

        public Path graph() {
            return folder.resolve(GRAPH);
        }

        public Path tokenizer() {
            return folder.resolve(TOKENIZER);
        }

        public Path descriptor() {
            return folder.resolve(DESCRIPTOR);
        }

        @Override
        public InputStream openTokenizer() throws IOException {
            return Files.newInputStream(tokenizer());
        }

        @Override
        public String graphName() {
            return graph().toString();
        }
    }
}
