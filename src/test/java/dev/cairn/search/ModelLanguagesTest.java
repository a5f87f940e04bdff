package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.ModelSpec;
import dev.cairn.store.ChunkHit;
import org.junit.jupiter.api.Test;

/** Which chunks' vectors the shipped English models serve, for the fusion's weights (docs/decisions/0025). */
class ModelLanguagesTest {

    private final ModelSpec english = ModelSpec.DEFAULT;

    @Test
    void anEnglishModelServesEnglishChunksAndChunksOfNoDetectedLanguage() {
        assertThat(HybridFusion.serves(english, hit("english", "en"))).isTrue();
        assertThat(HybridFusion.serves(english, hit("english", null))).isTrue();
    }

    @Test
    void anEnglishModelDoesNotServeGermanNorJapaneseChunks() {
        assertThat(HybridFusion.serves(english, hit("german", "de"))).isFalse();
        assertThat(HybridFusion.serves(english, hit("german", "en")))
                .as("a German chapter of an English manual")
                .isFalse();
        assertThat(HybridFusion.serves(english, hit("simple", "ja"))).isFalse();
        assertThat(HybridFusion.serves(english, hit("simple", null))).isFalse();
    }

    private static ChunkHit hit(String textConfig, String documentLanguage) {
        return new ChunkHit(
                1,
                1,
                "/docs/a.html",
                "A",
                null,
                null,
                0,
                4,
                "text",
                1.0,
                "text/html",
                null,
                documentLanguage,
                textConfig);
    }
}
