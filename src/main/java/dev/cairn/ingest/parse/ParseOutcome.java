package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.util.Objects;

/**
 * How parsing one file ended. On {@link Failed}, discard whatever the block sink already received
 * for this file: a parser may fail after some pages.
 */
public sealed interface ParseOutcome {

    /**
     * The whole file was read.
     *
     * @param title     the document's title (metadata, first heading, or the file name)
     * @param mediaType what the content turned out to be, e.g. {@code application/pdf}
     * @param pageCount pages for paged formats, 0 otherwise
     * @param blocks    how many blocks went to the sink
     * @param chars     the length of the document text (sum of the blocks' lengths)
     */
    record Parsed(String title, String mediaType, int pageCount, long blocks, long chars) implements ParseOutcome {
        public Parsed {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(mediaType, "mediaType");
        }
    }

    /**
     * The file could not be read.
     *
     * @param reason  the kind of failure, for filtering and counting
     * @param said   one sentence a person understands, as a {@link Phrase} code ("This PDF is
     *               password-protected; Cairn can't read it."), put into words where it is shown
     */
    record Failed(FailureReason reason, String said) implements ParseOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(said, "said");
        }

        /** The sentence in English, for logs. */
        public String message() {
            return Phrase.english(said);
        }
    }
}
