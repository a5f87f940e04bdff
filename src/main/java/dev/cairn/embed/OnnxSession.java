package dev.cairn.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model loaded into ONNX Runtime: the session, the output that holds the per-token vectors, its
 * width (the dimension of the model's vectors; -1 where the graph leaves it open), and whether the
 * graph takes {@code token_type_ids}.
 */
record OnnxSession(OrtEnvironment env, OrtSession session, String output, long width, boolean takesTokenTypes) {

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    /**
     * Has ONNX Runtime load the model's graph, to run with {@code intraOpThreads} threads a call: a
     * shipped graph is read from the classpath into a direct buffer that is dropped afterwards, an
     * added one from its file.
     */
    static OnnxSession load(ModelSpec model, int intraOpThreads) {
        long start = System.nanoTime();
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(intraOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!Boolean.parseBoolean(System.getProperty(OnnxEmbedder.SPINNING_PROPERTY, "true"))) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            OrtSession session = switch (model.files()) {
                case ModelFiles.Bundled b -> env.createSession(readGraph(model, b), options);
                case ModelFiles.InFolder f -> env.createSession(f.graph().toString(), options);
            };
            Set<String> inputs = session.getInputNames();
            for (String required : List.of("input_ids", "attention_mask")) {
                if (!inputs.contains(required)) {
                    throw new IllegalStateException("Model " + model.id() + " has no input '" + required + "' (it has "
                            + inputs + "); it is not a BERT-style encoder Cairn can run.");
                }
            }
            String output = hiddenStateOutput(model, session);
            long width = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape()[2];
            OnnxSession s = new OnnxSession(env, session, output, width, inputs.contains("token_type_ids"));
            log.info(
                    "Loaded embedding model {} in {} ms (inputs {}, output {}, {} threads)",
                    model.id(),
                    (System.nanoTime() - start) / 1_000_000,
                    inputs,
                    output,
                    intraOpThreads);
            return s;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load model " + model.id() + ": " + e.getMessage(), e);
        }
    }

    /** The output holding per-token vectors: the one of shape [batch, tokens, dimension]. */
    private static String hiddenStateOutput(ModelSpec model, OrtSession session) throws OrtException {
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 3) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("Model " + model.id() + " has no output of one vector per token ([texts,"
                + " tokens, dimension]; it has " + session.getOutputNames() + "); Cairn pools token vectors itself,"
                + " so export the model for feature extraction, without its pooling.");
    }

    private static ByteBuffer readGraph(ModelSpec model, ModelFiles.Bundled files) {
        URL url = OnnxSession.class.getClassLoader().getResource(files.onnxResource());
        if (url == null) {
            throw new IllegalStateException("The model file " + files.onnxResource() + " of " + model.id()
                    + " is not on the classpath; the model's jar is missing from this build.");
        }
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            try (InputStream in = connection.getInputStream()) {
                if (size < 0) {
                    byte[] all = in.readAllBytes();
                    return ByteBuffer.allocateDirect(all.length).put(all).flip();
                }
                ByteBuffer graph = ByteBuffer.allocateDirect(Math.toIntExact(size));
                try (ReadableByteChannel channel = Channels.newChannel(in)) {
                    while (graph.hasRemaining() && channel.read(graph) >= 0) {
                        // keep reading until the buffer is full or the stream ends
                    }
                }
                return graph.flip();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model file " + files.onnxResource(), e);
        }
    }

    void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("Closing the ONNX session failed", e);
        }
    }
}
