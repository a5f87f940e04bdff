package dev.cairn.ui;

import dev.cairn.ingest.IngestControl;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.IngestResult;
import dev.cairn.runtime.Cairn;
import dev.cairn.search.Answer;
import dev.cairn.search.QueryTerms;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.DocumentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The desktop's two seams, served by the real core: the ingestion pipeline and the searcher. */
final class CoreGateways {

    /** Passages read for an answer. */
    static final int ASK_TOP = 8;

    private CoreGateways() {
    }

    static IngestionGateway ingestion(Cairn cairn) {
        return new IngestionGateway() {
            @Override
            public List<DocumentUpdate> documents() {
                ChunkStore store = cairn.store();
                Map<Long, Integer> chunks = store.chunkCounts();
                List<DocumentUpdate> rows = new ArrayList<>();
                for (DocumentRecord d : store.listDocuments()) {
                    rows.add(new DocumentUpdate(Path.of(d.path()), status(d), d.pageCount() == null ? -1 : d.pageCount(),
                            chunks.getOrDefault(d.id(), 0), d.error()));
                }
                return rows;
            }

            @Override
            public void ingest(List<Path> files, Consumer<DocumentUpdate> updates) throws InterruptedException {
                IngestControl control = new IngestControl();
                try {
                    cairn.pipeline(cairn.ingestOptions()).ingest(files, false, control, new IngestPipeline.Listener() {
                        @Override
                        public void stage(Path file, IngestPipeline.Stage stage) {
                            updates.accept(DocumentUpdate.of(file, stage == IngestPipeline.Stage.READING
                                    ? DocumentStatus.PARSING : DocumentStatus.EMBEDDING));
                        }

                        @Override
                        public void result(IngestResult result) {
                            updates.accept(switch (result) {
                                case IngestResult.Indexed i -> new DocumentUpdate(i.path(), DocumentStatus.INDEXED, -1, i.chunks(), "");
                                case IngestResult.Skipped s -> skipped(cairn, s);
                                case IngestResult.Failed f -> DocumentUpdate.failed(f.path(), f.reason());
                            });
                        }
                    });
                } catch (InterruptedException e) {
                    control.cancel();
                    throw e;
                }
            }

            @Override
            public void remove(Path file) {
                cairn.store().deleteByPath(file.toAbsolutePath().normalize().toString());
            }
        };
    }

    static AskGateway ask(Cairn cairn) {
        return question -> {
            Answer answer = cairn.searcher().ask(question, ASK_TOP, cairn.searchMode());
            List<String> terms = QueryTerms.of(question);
            List<CitationItem> cites = new ArrayList<>();
            for (Answer.Citation c : answer.citations()) {
                Path source = Path.of(c.hit().path());
                String name = c.hit().title() != null && !c.hit().title().isBlank()
                        ? c.hit().title() : source.getFileName().toString();
                cites.add(new CitationItem(c.n(), name, source, c.hit().page() == null ? 0 : c.hit().page(),
                        c.hit().snippet().text(), terms, c.hit().score(), c.hit().text(), c.hit().charStart(), c.hit().charEnd()));
            }
            String text = answer.isEmpty()
                    ? "Cairn found nothing in your documents that answers this. Try other words, or add the documents that would."
                    : answer.text();
            return new AskResult(text, cites);
        };
    }

    private static DocumentStatus status(DocumentRecord d) {
        return switch (d.status()) {
            case QUEUED -> DocumentStatus.QUEUED;
            case INDEXED -> DocumentStatus.INDEXED;
            case FAILED -> DocumentStatus.FAILED;
        };
    }

    /** An unchanged file keeps the row it had: indexed with its chunks, or failed with its reason. */
    private static DocumentUpdate skipped(Cairn cairn, IngestResult.Skipped s) {
        return cairn.store().findByPath(s.path().toString())
                .map(d -> new DocumentUpdate(s.path(), status(d), d.pageCount() == null ? -1 : d.pageCount(), -1,
                        d.error()))
                .orElse(DocumentUpdate.of(s.path(), DocumentStatus.INDEXED));
    }
}
