package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.OnnxEmbedder;
import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.store.ChunkHit;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A query's language as its words' chunks tell it, in a library of French pages with an English one, ingested
 * for real (language detection, bundled PostgreSQL, the real model): the fusion reads a French query as one the
 * English model does not serve, and an English query as one it does (docs/decisions/0025-languages.md, stop 22).
 */
@ResourceLock(TestDatabase.LOCK)
class QueryLanguageTest {

    @TempDir
    static Path dir;

    private static OnnxEmbedder model;
    private static ChunkStore store;

    @BeforeAll
    static void ingestFrenchPagesAndAnEnglishOne() throws Exception {
        TestDatabase.reset();
        DataSource ds = TestDatabase.dataSource();
        new ModelRegistry(ds).activate(ModelSpec.DEFAULT.id(), ModelSpec.DEFAULT.dimension());
        store = new ChunkStore(ds);
        model = OnnxEmbedder.create(ModelSpec.DEFAULT);
        CachingEmbedder embedder = CachingEmbedder.builder(model).build();
        Files.writeString(dir.resolve("invite.txt"), """
                L’invite de l’interpréteur de commandes est le texte que le système affiche quand il attend une
                commande. Elle indique le nom de l’utilisateur, le nom de la machine et le répertoire courant, et
                elle se termine par un dièse pour l’administrateur et par un dollar pour les autres utilisateurs.
                """);
        Files.writeString(dir.resolve("paquets.txt"), """
                Le système de gestion des paquets installe, met à jour et supprime les logiciels de la machine.
                Il vérifie les dépendances de chaque paquet et il télécharge les fichiers depuis les archives
                qui sont indiquées dans la liste des sources.
                """);
        Files.writeString(dir.resolve("tracing.txt"), """
                The dynamic call tracing tools show which system calls and library calls a running program
                makes. They are useful when a program fails without saying why, and they can be attached to a
                process that is already running.
                """);
        try (Parsers parsers = Parsers.create();
                MemoryGovernor governor = MemoryGovernor.start()) {
            new IngestPipeline(parsers, embedder, store, governor, IngestPipeline.Options.defaults())
                    .ingest(List.of(dir), false, new IngestControl(), IngestPipeline.Listener.NONE);
        }
    }

    @AfterAll
    static void close() {
        store.close();
        model.close();
    }

    @Test
    void aFrenchQueryReadsAsALanguageTheEnglishModelDoesNotServe() {
        List<ChunkHit> text = store.fullTextSearch("L’invite de l’interpréteur de commandes", 10);

        assertThat(text).isNotEmpty();
        assertThat(HybridFusion.readsUnserved(ModelSpec.DEFAULT, text)).isTrue();
    }

    @Test
    void anEnglishQueryInTheSameLibraryReadsAsServed() {
        List<ChunkHit> text = store.fullTextSearch("Dynamic call tracing tools", 10);

        assertThat(text).isNotEmpty();
        assertThat(HybridFusion.readsUnserved(ModelSpec.DEFAULT, text)).isFalse();
    }
}
