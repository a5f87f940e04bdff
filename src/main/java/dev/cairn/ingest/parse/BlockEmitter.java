package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Hands a parser's blocks to the sink: assigns offsets so blocks tile the document text, enforces
 * the text budget, and stops a parser the guard has given up on. One per parse; used by one thread.
 */
final class BlockEmitter {

    /** Paragraphs of extracted formats are separated by one blank line in the document text. */
    static final String PARAGRAPH_END = "\n\n";

    private final Consumer<Block> sink;
    private final ParseGuard.Watch watch;
    private final long maxChars;
    private final Parsers.PageProgress progress;
    private final Consumer<Attachment> attachments;
    private long offset;
    private long blocks;
    private long visibleChars;
    private String filedHeading;
    private Integer filedPage;

    BlockEmitter(Consumer<Block> sink, ParseGuard.Watch watch, long maxChars) {
        this(sink, watch, maxChars, Parsers.PageProgress.NONE);
    }

    BlockEmitter(Consumer<Block> sink, ParseGuard.Watch watch, long maxChars, Parsers.PageProgress progress) {
        this(sink, watch, maxChars, progress, null);
    }

    /** @param attachments receives the attachments of mail, to read as documents of their own; null: they are left out */
    BlockEmitter(
            Consumer<Block> sink,
            ParseGuard.Watch watch,
            long maxChars,
            Parsers.PageProgress progress,
            Consumer<Attachment> attachments) {
        this.sink = sink;
        this.watch = watch;
        this.maxChars = maxChars;
        this.progress = progress;
        this.attachments = attachments;
    }

    /** Whether anyone takes attachments: without a taker a parser need not copy them out. */
    boolean takesAttachments() {
        return attachments != null;
    }

    /**
     * Hands on an attachment found in the file; its temporary file is the taker's once this returns
     * (when it throws, it is still the caller's to delete).
     */
    void attachment(Attachment a) {
        checkpoint();
        if (attachments != null) {
            watch.deliver(() -> attachments.accept(a));
        }
    }

    /** Says that OCR starts on {@code page} of {@code pages}; the listener's time is not charged to the parser. */
    void ocrPage(int page, int pages) {
        checkpoint();
        watch.deliver(() -> progress.ocrPage(page, pages));
    }

    /** Emits text exactly as given (plain-text files, whose document text is the file itself). */
    void emitRaw(String text, String heading, Integer page) throws DocumentException {
        emitRaw(text, heading, page, false);
    }

    /** Emits text exactly as given; {@code boilerplate} marks page furniture (see {@link Block#boilerplate()}). */
    void emitRaw(String text, String heading, Integer page, boolean boilerplate) throws DocumentException {
        if (text.isEmpty()) {
            return;
        }
        checkpoint();
        if (filedHeading != null) {
            heading = filedHeading;
            page = filedPage;
        }
        if (offset + text.length() > maxChars) {
            throw new DocumentException(FailureReason.RESOURCE_LIMIT, Phrase.of("parse.tooMuchText", maxChars));
        }
        Block block = new Block(text, heading, page, offset, boilerplate);
        offset += text.length();
        blocks++;
        if (!text.isBlank()) {
            visibleChars += text.length();
        }
        watch.deliver(sink, block);
    }

    /** Emits one paragraph of extracted text, followed by a blank line; blank paragraphs are skipped. */
    void emitParagraph(String text, String heading, Integer page) throws DocumentException {
        emitParagraph(text, heading, page, false);
    }

    /** Emits one paragraph; {@code boilerplate} marks page furniture (see {@link Block#boilerplate()}). */
    void emitParagraph(String text, String heading, Integer page, boolean boilerplate) throws DocumentException {
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            emitRaw(trimmed + PARAGRAPH_END, heading, page, boilerplate);
        }
    }

    /**
     * Files every block emitted from now on under {@code heading} and {@code page}, whatever the
     * parser says (a mail's body and attachments are cited by their message); null stops it.
     */
    void fileUnder(String heading, Integer page) {
        this.filedHeading = heading;
        this.filedPage = page;
    }

    /** Throws when the guard gave up on this parse or the thread was interrupted; parsers call it in long loops. */
    void checkpoint() {
        if (watch.abandoned() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("parse abandoned");
        }
    }

    long blocks() {
        return blocks;
    }

    long chars() {
        return offset;
    }

    /** Characters in blocks that are not only whitespace: zero means nothing worth indexing was found. */
    long visibleChars() {
        return visibleChars;
    }
}
