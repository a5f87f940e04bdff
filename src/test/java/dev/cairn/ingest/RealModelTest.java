package dev.cairn.ingest;

import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.platform.MemoryGovernor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that runs the real model, parsers and memory governor, made once for its tests. */
public abstract class RealModelTest {

    protected static OnnxEmbedder model;
    protected static Parsers parsers;
    protected static MemoryGovernor governor;

    @BeforeAll
    static void loadModel() {
        model = OnnxEmbedder.create(ModelSpec.DEFAULT);
        parsers = Parsers.create();
        governor = MemoryGovernor.start();
    }

    @AfterAll
    static void closeModel() {
        parsers.close();
        governor.close();
        model.close();
    }
}
