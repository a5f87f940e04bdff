package dev.cairn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.platform.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder of the person's choosing: checked on adding, kept as a copy, listed at the next start. */
class AddedModelsTest {

    private static final double SAME = 0.99999;

    @TempDir
    Path dir;

    private AddedModels models() {
        return AddedModels.in(dir.resolve("data/models"));
    }

    @Test
    void aFolderExportedFromAShippedModelIsAddedAndEmbedsAsTheShippedOneDoes() throws Exception {
        Path export = ModelFolders.miniLm(dir.resolve("export/My MiniLM"));

        ModelSpec added = models().add(export, null);
        deleteFolder(export); // the library keeps its own copy

        assertThat(added.id()).matches("my-minilm@[0-9a-f]{12}");
        assertThat(added.name()).isEqualTo("my-minilm");
        assertThat(added.dimension()).isEqualTo(384);
        assertThat(added.maxBatch()).as("an fp32 graph batches").isEqualTo(ModelCheck.BATCHED);
        assertThat(added.languages()).containsExactly("en");
        assertThat(added.shipped()).isFalse();
        assertThat(models().list()).containsExactly(added); // as read at the next start
        assertThat(models().find("MY-MINILM")).contains(added);
        assertThat(AddedModels.bytes(added)).isGreaterThan(80L << 20);
        try (OnnxEmbedder mine = OnnxEmbedder.create(added)) {
            String text = "The hut at the pass sleeps twelve walkers from June to September.";
            assertThat(VectorMath.cosine(
                            mine.embed(text),
                            RealModels.get(ModelSpec.ALL_MINILM_L6_V2).embed(text)))
                    .isGreaterThan(SAME);
        }
    }

    @Test
    void aDynamicallyQuantisedGraphIsMeasuredToTakeOneTextACall() {
        Path export = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2_Q, dir.resolve("minilm-q"), ModelFolders.MINILM);

        assertThat(models().add(export, "q").maxBatch()).isEqualTo(1);
    }

    @Test
    void queriesAndPassagesGetTheirPrefixesAndTheFingerprintFollowsThem() {
        Path plain = ModelFolders.miniLm(dir.resolve("plain"));
        Path prefixed = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("e5-like"), """
                {"pooling": "mean", "max_tokens": 256, "query_prefix": "query: ", "passage_prefix": "passage: ",
                 "languages": ["*"]}""");

        ModelSpec withPrefixes = models().add(prefixed, null);

        assertThat(withPrefixes.serves("de")).isTrue();
        assertThat(fingerprint(withPrefixes)).isNotEqualTo(fingerprint(models().add(plain, null)));
        OnnxEmbedder shipped = RealModels.get(ModelSpec.ALL_MINILM_L6_V2);
        try (OnnxEmbedder mine = OnnxEmbedder.create(withPrefixes)) {
            assertThat(VectorMath.cosine(mine.embedQuery("huts"), shipped.embed("query: huts")))
                    .isGreaterThan(SAME);
            assertThat(VectorMath.cosine(mine.embed("huts"), shipped.embed("passage: huts")))
                    .isGreaterThan(SAME);
            assertThat(mine.tokenizer().countAndKeep("huts"))
                    .as("the prefix is not counted against the chunk")
                    .isEqualTo(shipped.tokenizer().countTokens("huts"));
        }
    }

    @Test
    void aFolderWithoutTokenizerIsRefusedInWords() throws Exception {
        Path export = ModelFolders.miniLm(dir.resolve("no-tokenizer"));
        Files.delete(export.resolve("tokenizer.json"));

        assertRefused(export, "has no tokenizer.json");
    }

    @Test
    void aDescriptorThatGetsTheDimensionWrongIsRefused() {
        Path export = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("wrong-dimension"), """
                {"pooling": "mean", "max_tokens": 256, "languages": ["en"], "dimension": 768}""");

        assertRefused(export, "says the vectors have 768 dimensions", "gives 384", "leave it out");
    }

    @Test
    void aCorruptGraphIsRefused() throws Exception {
        Path export = ModelFolders.miniLm(dir.resolve("corrupt"));
        Path graph = export.resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(graph);
        Files.write(graph, Arrays.copyOf(bytes, bytes.length / 3)); // a download cut off

        assertRefused(export, "could not be loaded as a sentence-embedding model", "Export the model again");
    }

    @Test
    void aFolderWithoutDescriptorIsRefusedWithAnExample() {
        Path export = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("bare"), null);

        assertRefused(export, "has no cairn-model.json", "\"passage_prefix\": \"passage: \"");
    }

    @Test
    void aDescriptorWithoutLanguagesOrWithAMisspelledFieldIsRefused() {
        Path noLanguages = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("a"), """
                {"pooling": "mean", "max_tokens": 256}""");
        Path typo = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("b"), """
                {"pooling": "mean", "max_tokens": 256, "languages": ["en"], "query_prefx": "query: "}""");

        assertRefused(noLanguages, "say which languages the model serves");
        assertRefused(typo, "'query_prefx' is not a field Cairn knows");
    }

    @Test
    void moreTokensThanTheModelCanReadAreRefused() {
        Path export = ModelFolders.export(ModelSpec.ALL_MINILM_L6_V2, dir.resolve("too-long"), """
                {"pooling": "mean", "max_tokens": 1024, "languages": ["en"]}""");

        assertRefused(export, "fails on a text of 1,024 tokens", "Lower \"max_tokens\"");
    }

    @Test
    void namesAreOneModelsOnlyAndRemovingDeletesTheCopy() {
        Path export = ModelFolders.miniLm(dir.resolve("minilm"));
        ModelSpec added = models().add(export, "mine");

        assertRefusedAs(export, "mine", "already added");
        assertThatThrownBy(() -> models().add(export, "all-minilm-l6-v2"))
                .isInstanceOf(ModelFolderException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("the name of a model Cairn ships"));
        assertThatThrownBy(() -> models().add(export, "a/b"))
                .isInstanceOf(ModelFolderException.class)
                .satisfies(e -> assertThat(Phrase.english(e.getMessage())).contains("can't name a model"));

        assertThat(models().remove("mine")).isTrue();
        assertThat(models().list()).isEmpty();
        assertThat(((ModelFiles.InFolder) added.files()).folder()).doesNotExist();
        assertThat(models().remove("mine")).isFalse();
    }

    private void assertRefused(Path export, String... says) {
        assertRefusedAs(export, null, says);
    }

    private void assertRefusedAs(Path export, String name, String... says) {
        Throwable refused = catchThrowable(() -> models().add(export, name));
        assertThat(refused).isInstanceOf(ModelFolderException.class);
        assertThat(Phrase.english(refused.getMessage())).contains(says);
        try (var left = Files.list(models().dir())) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("."))
                            .toList())
                    .as("no half-added copy is left behind")
                    .isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            // refused before anything was copied
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fingerprint(ModelSpec m) {
        return m.id().substring(m.id().indexOf('@') + 1);
    }

    private static void deleteFolder(Path folder) throws Exception {
        try (var all = Files.walk(folder)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
