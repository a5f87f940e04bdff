package dev.cairn.ingest.parse;

/** A parser's way to stop with a reason and a sentence for people; turned into {@link ParseOutcome.Failed}. */
final class DocumentException extends Exception {

    private final FailureReason reason;

    DocumentException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    DocumentException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }

    ParseOutcome.Failed toOutcome() {
        return new ParseOutcome.Failed(reason, getMessage());
    }
}
