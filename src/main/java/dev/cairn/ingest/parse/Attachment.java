package dev.cairn.ingest.parse;

import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file sent with an e-mail message, which Cairn keeps as a document of its own (cited as
 * "attachment of 'Subject'") inside the document of the message's file. It has no file of its own:
 * its path in the library is the message's file, the message's number in it and its name
 * ({@code Inbox.mbox#12/report.pdf}, {@code note.eml#1/report.pdf}), and it is read again from the
 * message when it is shown. See docs/decisions/0017-mail.md.
 *
 * @param name    the name it was sent as, made safe for a path ("/" and "\" become "_"), unique in its message
 * @param message the message's number in its file, from 1 (an {@code .eml} has one)
 * @param subject the message's subject, "(no subject)" when it has none
 * @param file    a temporary copy of its bytes, for the receiver to read and then delete; {@code null}
 *                when Cairn does not read it
 * @param size    its size in bytes
 * @param notRead why Cairn does not read it, in words; {@code null} when it does
 */
public record Attachment(String name, int message, String subject, Path file, long size, String notRead) {

    private static final String TEMP_PREFIX = "cairn-attachment-";
    private static final Pattern PATH = Pattern.compile("(.+)#(\\d{1,9})[/\\\\]([^/\\\\]+)");
    /** The names Cairn gives parts sent without one (MimeMessage.unnamed, safeName), with what unique() adds. */
    private static final Pattern MADE_UP =
            Pattern.compile("(unnamed attachment|attached message|attachment)((?: \\(\\d+\\))?(?:\\.[^. ]+)?)");

    private static final String NO_SUBJECT = "(no subject)";

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        if (message < 1) {
            throw new IllegalArgumentException("a message is numbered from 1: " + message);
        }
        if ((file == null) == (notRead == null)) {
            throw new IllegalArgumentException("an attachment is either read (a file) or not (a reason)");
        }
    }

    /** Deletes the temporary copy, and the folder of its own it lies in; nothing when there is none. */
    public void discard() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
            Path folder = file.getParent();
            if (folder != null && folder.getFileName().toString().startsWith(TEMP_PREFIX)) {
                Files.deleteIfExists(folder);
            }
        }
    }

    /** A temporary copy of {@code bytes} under {@code name}, in a folder of its own so that the name stays as sent. */
    static Path copy(String name, byte[] bytes) throws IOException {
        Path folder = Files.createTempDirectory(TEMP_PREFIX);
        try {
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(folder.resolve(name));
            Files.deleteIfExists(folder);
            throw e;
        }
    }

    /** Where it is, as a {@link Phrase} code: "attachment of 'Quarterly numbers'". */
    public String partOf() {
        return Phrase.of("place.attachmentOf", subject.equals(NO_SUBJECT) ? Phrase.of("place.noSubject") : subject);
    }

    /**
     * An attachment's name as people read it: a name Cairn made up for a part sent without one
     * ("unnamed attachment.pdf", "attached message (2).eml") as a {@link Phrase} code, so that it reads
     * in the reader's language; a name it was sent with as it is. The stored name (part of its path,
     * its identity in the library) stays as it was made.
     */
    public static String shownName(String name) {
        Matcher m = MADE_UP.matcher(name);
        if (!m.matches()) {
            return name;
        }
        String key = switch (m.group(1)) {
            case "unnamed attachment" -> "attachment.unnamed";
            case "attached message" -> "attachment.message";
            default -> "attachment.plain";
        };
        return Phrase.of(key, m.group(2));
    }

    /** Its path in the library, inside the message's file at {@code messageFile}. */
    public String pathIn(String messageFile) {
        return messageFile + "#" + message + "/" + name;
    }

    /** A safe name for a path: separators and control characters become "_"; never empty. */
    static String safeName(String name) {
        String safe = name.strip().replaceAll("[/\\\\\\p{Cntrl}]", "_");
        return safe.isEmpty() ? "attachment" : safe;
    }

    /** Where an attachment's library path points: the message's file, the message's number, the name. */
    public record Location(Path messageFile, int message, String name) {}

    /** The message file, message and name a library path names, when it is an attachment's ({@link #pathIn}). */
    public static Optional<Location> locate(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Location(Path.of(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
    }
}
