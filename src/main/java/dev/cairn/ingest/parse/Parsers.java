package dev.cairn.ingest.parse;

import dev.cairn.platform.BackgroundPriority;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The entry point for reading documents: sniffs the type from the content, picks the parser, and
 * runs it under a {@link ParseBudget} on a worker thread, streaming {@link Block}s to a sink.
 *
 * <pre>{@code
 * try (Parsers parsers = Parsers.create()) {
 *     ParseOutcome outcome = parsers.parse(path, ParseBudget.defaults(), chunkStream);
 * }
 * }</pre>
 *
 * <p>Thread-safe: many files may be parsed at once, each on its own worker. The sink runs on the
 * worker thread, block after block in document order; it may block (back-pressure) without the wait
 * counting against the file's time budget. Blocks that the folder's documents repeat at their
 * edges arrive marked {@linkplain Block#boilerplate() boilerplate} ({@link RepeatedText}; a
 * folder's first documents are read once more to learn what it repeats), as do those that the
 * markup shows to be navigation. Whatever happens inside a parser (a hang, an
 * {@link OutOfMemoryError}, a {@link StackOverflowError}, any exception) ends as a {@link ParseOutcome.Failed}
 * for that file only; {@code parse} itself throws only when the calling thread is interrupted.
 */
public final class Parsers implements AutoCloseable {

    private final ParseGuard guard;
    private final ExecutorService ownedWorkers;
    private final ScheduledExecutorService ownedTimer;
    private final RepeatedText repeatedText = new RepeatedText();
    private final Tesseract ocr;

    /** Hears which page OCR is reading, before it reads it; runs on the parser's worker thread. */
    @FunctionalInterface
    public interface PageProgress {
        void ocrPage(int page, int pages);

        PageProgress NONE = (page, pages) -> {};
    }

    /**
     * @param workers runs each parse; must run it on another thread than the caller's (platform
     *                threads: parsers are CPU-bound and may need to be interrupted). A worker whose
     *                parser ignores interrupts stays busy after its file timed out, so an unbounded
     *                executor is the safer choice.
     * @param timer   fires the time budgets
     */
    public Parsers(Executor workers, ScheduledExecutorService timer) {
        this(workers, timer, Tesseract.onPath(), null, null);
    }

    private Parsers(
            Executor workers,
            ScheduledExecutorService timer,
            Tesseract ocr,
            ExecutorService ownedWorkers,
            ScheduledExecutorService ownedTimer) {
        this.ocr = Objects.requireNonNull(ocr, "ocr");
        this.guard = new ParseGuard(
                Objects.requireNonNull(workers, "workers"), Objects.requireNonNull(timer, "timer"), System::nanoTime);
        this.ownedWorkers = ownedWorkers;
        this.ownedTimer = ownedTimer;
    }

    /** Parsers with their own daemon threads (a new platform thread per parse and one timer thread), OCR with Tesseract on the PATH. */
    public static Parsers create() {
        return create(Tesseract.onPath());
    }

    /** As {@link #create()}, reading scans and images with {@code ocr}. */
    public static Parsers create(Tesseract ocr) {
        ExecutorService workers =
                Executors.newThreadPerTaskExecutor(BackgroundPriority.lowered(daemon("cairn-parse-")));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("cairn-parse-timer-"));
        return new Parsers(workers, timer, ocr, workers, timer);
    }

    /** Whether scans and images can be read now; a file that failed only for want of Tesseract is worth reading again. */
    public boolean ocrAvailable() {
        return ocr.available();
    }

    /** The OCR these parsers use. */
    public Tesseract ocr() {
        return ocr;
    }

    /** Parses with the default budget. */
    public ParseOutcome parse(Path file, Consumer<Block> sink) throws InterruptedException {
        return parse(file, ParseBudget.defaults(), sink);
    }

    /**
     * Reads one file, streaming its blocks to {@code sink} in document order.
     *
     * @return {@link ParseOutcome.Parsed}, or {@link ParseOutcome.Failed} with a sentence for people;
     *         after a failure, discard what the sink received for this file
     * @throws InterruptedException when the calling thread is interrupted; the parse is abandoned
     */
    public ParseOutcome parse(Path file, ParseBudget budget, Consumer<Block> sink) throws InterruptedException {
        return parse(file, budget, sink, PageProgress.NONE);
    }

    /** As {@link #parse(Path, ParseBudget, Consumer)}, telling {@code progress} of each page read with OCR. */
    public ParseOutcome parse(Path file, ParseBudget budget, Consumer<Block> sink, PageProgress progress)
            throws InterruptedException {
        return parse(file, budget, sink, progress, null);
    }

    /**
     * As {@link #parse(Path, ParseBudget, Consumer, PageProgress)}, handing the attachments of e-mail
     * to {@code attachments} (on the parser's worker thread) as documents of their own, to be read
     * with {@link #parsePart}. Each one's temporary file is the receiver's to delete, whatever the
     * outcome; with {@code null} attachments are left out.
     */
    public ParseOutcome parse(
            Path file,
            ParseBudget budget,
            Consumer<Block> sink,
            PageProgress progress,
            Consumer<Attachment> attachments)
            throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(sink, "sink");
        Set<Long> repeated = repeatedText.repeatedFor(file, reference -> {
            RepeatedText.EdgeSampler edges = new RepeatedText.EdgeSampler();
            // Without OCR: what a folder repeats is learned from text layers, never by reading scans a second time.
            return parse(reference, budget, edges, Set.of(), PageProgress.NONE, Tesseract.none(), null)
                            instanceof ParseOutcome.Parsed
                    ? edges.edges()
                    : null;
        });
        return parse(file, budget, sink, repeated, progress, ocr, attachments);
    }

    /**
     * Reads a document that is part of another file (an {@link Attachment}'s temporary copy): as
     * {@link #parse(Path, ParseBudget, Consumer, PageProgress)}, without looking at the folder it
     * happens to be in; attachments inside it are left out.
     */
    public ParseOutcome parsePart(Path file, ParseBudget budget, Consumer<Block> sink, PageProgress progress)
            throws InterruptedException {
        return parse(file, budget, sink, Set.of(), progress, ocr, null);
    }

    /**
     * Reads one file without looking at its folder: the same document text (marking blocks never
     * moves offsets), for when only the text matters, as in the source viewer.
     */
    ParseOutcome parseText(Path file, Consumer<Block> sink) throws InterruptedException {
        return parse(file, ParseBudget.defaults(), sink, Set.of(), PageProgress.NONE, ocr, null);
    }

    /**
     * The text of an attachment, read again from its message as the index read it: for the source
     * viewer, since an attachment has no file of its own.
     *
     * @throws IOException when the message or the attachment is not there (any more) or cannot be read
     */
    String attachmentText(Attachment.Location where) throws IOException, InterruptedException {
        AtomicReference<Attachment> wanted = new AtomicReference<>();
        try {
            ParseOutcome message = parse(
                    where.messageFile(),
                    ParseBudget.defaults(),
                    block -> {},
                    Set.of(),
                    PageProgress.NONE,
                    Tesseract.none(),
                    a -> keepIfWanted(a, where, wanted));
            if (message instanceof ParseOutcome.Failed failed) {
                throw new IOException(failed.said());
            }
            if (wanted.get() == null) {
                throw new IOException(Phrase.of("show.attachmentGone", where.name()));
            }
            StringBuilder text = new StringBuilder();
            ParseOutcome outcome = parsePart(
                    wanted.get().file(), ParseBudget.defaults(), b -> text.append(b.text()), PageProgress.NONE);
            if (outcome instanceof ParseOutcome.Failed failed) {
                throw new IOException(failed.said());
            }
            return text.toString();
        } finally {
            if (wanted.get() != null) {
                wanted.get().discard();
            }
        }
    }

    private static void keepIfWanted(Attachment a, Attachment.Location where, AtomicReference<Attachment> wanted) {
        if (a.file() == null) {
            return;
        }
        if (a.message() == where.message() && a.name().equals(where.name())) {
            wanted.set(a);
        } else {
            try {
                a.discard();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ParseOutcome parse(
            Path file,
            ParseBudget budget,
            Consumer<Block> sink,
            Set<Long> repeated,
            PageProgress progress,
            Tesseract ocr,
            Consumer<Attachment> attachments)
            throws InterruptedException {
        String name = String.valueOf(file.getFileName());
        return guard.run(name, budget.timeout().toNanos(), watch -> {
            Sniffed sniffed = ContentSniffer.sniff(file, budget);
            RepeatedText.Marker marker = repeated.isEmpty() ? null : new RepeatedText.Marker(repeated, sink);
            BlockEmitter out = new BlockEmitter(
                    marker == null ? sink : marker, watch, budget.maxTextChars(), progress, attachments);
            FormatParser.Info info = parserFor(sniffed.kind(), ocr).parse(file, sniffed, budget, out);
            if (marker != null) {
                watch.deliver(marker::finish);
            }
            if (out.visibleChars() == 0) {
                return new ParseOutcome.Failed(FailureReason.EMPTY, Phrase.of("parse.noText"));
            }
            return new ParseOutcome.Parsed(
                    info.title(),
                    DocumentTypes.mediaType(sniffed.kind(), file),
                    info.pageCount(),
                    out.blocks(),
                    out.chars());
        });
    }

    /**
     * The version of the reader of documents stored as {@code mediaType}. It is raised when a change
     * to a reader changes what its documents become, so that an unchanged file read by an older
     * reader is read again once (docs/decisions/0022): e-mail is at 2 since its attachments became
     * documents of their own instead of text of their message. Every other reader is at 1.
     */
    public static int readerVersion(String mediaType) {
        return DocumentTypes.kindOf(mediaType).map(Parsers::readerVersion).orElse(1);
    }

    private static int readerVersion(Sniffed.Kind kind) {
        return switch (kind) {
            case EML, MBOX -> 2;
            default -> 1;
        };
    }

    /** Whether documents stored as {@code mediaType} may hold documents of their own (e-mail's attachments). */
    public static boolean mayHoldParts(String mediaType) {
        return DocumentTypes.kindOf(mediaType)
                .map(k -> k == Sniffed.Kind.EML || k == Sniffed.Kind.MBOX)
                .orElse(false);
    }

    private static FormatParser parserFor(Sniffed.Kind kind, Tesseract ocr) {
        return switch (kind) {
            case TEXT -> new TextParser();
            case MARKDOWN -> new MarkdownParser();
            case HTML -> new HtmlParser();
            case PDF -> new PdfParser(ocr);
            case DOCX -> new DocxParser();
            case EPUB -> new EpubParser();
            case ODT -> new OdtParser();
            case RTF -> new RtfParser();
            case PPTX -> new PptxParser();
            case XLSX -> new XlsxParser();
            case ODP -> new OdpParser();
            case ODS -> new OdsParser();
            case PNG, JPEG, TIFF -> new ImageParser(ocr);
            case RST, ASCIIDOC, ORG -> new LightMarkupParser();
            case CSV -> new CsvParser();
            case CODE -> new CodeParser();
            case EML, MBOX -> new MailParser();
        };
    }

    @Override
    public void close() {
        if (ownedWorkers != null) {
            ownedWorkers.shutdownNow();
        }
        if (ownedTimer != null) {
            ownedTimer.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        return Thread.ofPlatform().name(prefix, 1).daemon().factory();
    }
}
