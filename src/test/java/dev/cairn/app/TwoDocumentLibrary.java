package dev.cairn.app;

import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.platform.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The model-switch tests' library: two short documents (a hut for walkers, an eagle), indexed with the default model. */
final class TwoDocumentLibrary {

    final AppDirs dirs;
    final Path docs;

    private TwoDocumentLibrary(AppDirs dirs, Path docs) {
        this.dirs = dirs;
        this.docs = docs;
    }

    static TwoDocumentLibrary indexedUnder(Path dir) throws IOException, InterruptedException {
        AppDirs dirs = new AppDirs(dir.resolve("data"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(
                docs.resolve("huts.txt"), "The hut at the pass sleeps twelve walkers from June to September.");
        Files.writeString(docs.resolve("birds.txt"), "The golden eagle hunts marmots on open slopes above the valley.");
        try (Cairn cairn = Cairn.open(dirs, null)) {
            cairn.pipeline(cairn.ingestOptions())
                    .ingest(List.of(docs), false, new IngestControl(), IngestPipeline.Listener.NONE);
        }
        return new TwoDocumentLibrary(dirs, docs);
    }
}
