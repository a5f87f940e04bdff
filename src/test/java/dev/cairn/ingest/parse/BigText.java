package dev.cairn.ingest.parse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generates English-like ASCII prose in paragraphs, to a given size, without holding it in memory. */
public final class BigText {

    private static final String[] WORDS =
            ("the a cairn stone path marks hikers follow over ridge valley river map local "
                            + "index document search answer cites page chunk token memory heap parser stream block heading section "
                            + "quickly slowly carefully north south weather fog summit trail")
                    .split(" ");

    private BigText() {}

    /** Writes about {@code bytes} bytes of text and returns the exact size. */
    public static long write(Path file, long bytes) throws IOException {
        Random random = new Random(7);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder paragraph = new StringBuilder();
            while (written < bytes) {
                paragraph.setLength(0);
                int sentences = 2 + random.nextInt(8);
                for (int s = 0; s < sentences; s++) {
                    int words = 5 + random.nextInt(20);
                    for (int w = 0; w < words; w++) {
                        String word = WORDS[random.nextInt(WORDS.length)];
                        paragraph.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                        paragraph.append(w == words - 1 ? ". " : " ");
                    }
                    if (random.nextInt(4) == 0) {
                        paragraph.append('\n');
                    }
                }
                paragraph.append("\n\n");
                out.append(paragraph);
                written += paragraph.length();
            }
        }
        return written;
    }
}
