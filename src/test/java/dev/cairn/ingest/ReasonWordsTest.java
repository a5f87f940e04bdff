package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reasons for people made by the import (why a file failed, was skipped or not followed) are phrase
 * codes ({@link dev.cairn.platform.Phrase}), never English words: the window and the command line put
 * them into the person's language, and the library stores the code.
 */
class ReasonWordsTest {

    /** Where a reason for people starts: everything up to its closing parenthesis is checked. */
    private static final Pattern REASON = Pattern.compile(
            "new DocumentException\\(|ParseOutcome\\.Failed\\(|IngestResult\\.Failed\\(|new NotFollowed\\("
                    + "|IngestResult\\.Skipped\\(|new End\\(|new PartEnd\\(|\\bfailure = |binary\\(|unsupported\\("
                    + "|new Finding\\(|\\bfail\\(|\\bproblem = "
                    + "|new ModelFolderException\\(|new DatabaseException\\(|new GenerationException\\("
                    + "|ChatFailures\\.malformed\\(|new Recommendation\\(");
    /**
     * The layers whose reasons reach people: the import, the watch, the library check, a model
     * folder's check, the language model's failures, the database's start and the index tuner.
     */
    private static final List<String> LAYERS = List.of(
            "src/main/java/dev/cairn/ingest",
            "src/main/java/dev/cairn/store",
            "src/main/java/dev/cairn/embed",
            "src/main/java/dev/cairn/search",
            "src/main/java/dev/cairn/app/ModelChoices.java");
    /** Literals with words inside a reason's call that are not for people: SQL, the JDK's words looked for. */
    private static final Set<String> NOT_FOR_PEOPLE = Set.of("\"SELECT current_database()\"", "\"No space left\"");
    /** A string literal holding words: a letter, a space, a letter. */
    private static final Pattern WORDS = Pattern.compile("\"[^\"]*\\p{L}\\s+\\p{L}[^\"]*\"");

    @Test
    void noReasonOfTheImportIsWrittenInEnglishWords() throws IOException {
        List<String> found = new ArrayList<>();
        for (String layer : LAYERS) {
            scan(Path.of(layer), found);
        }
        assertThat(found).isEmpty();
    }

    private static void scan(Path layer, List<String> found) throws IOException {
        try (Stream<Path> files = Files.walk(layer)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher m = REASON.matcher(source);
                while (m.find()) {
                    String call = argumentsFrom(source, m.end());
                    Matcher w = WORDS.matcher(call);
                    while (w.find()) {
                        if (NOT_FOR_PEOPLE.contains(w.group())) {
                            continue;
                        }
                        found.add(f.getFileName() + ": " + w.group());
                    }
                }
            }
        }
    }

    @Test
    void theScanFindsWordsWhereTheyWouldBe() {
        String source = "throw new DocumentException(FailureReason.EMPTY, \"This file is empty.\");";
        Matcher m = REASON.matcher(source);
        assertThat(m.find()).isTrue();
        assertThat(WORDS.matcher(argumentsFrom(source, m.end())).find()).isTrue();
    }

    /** The text up to the parenthesis or statement end that closes what opened at {@code from}. */
    private static String argumentsFrom(String source, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && (c == ')' && --depth == 0 || c == ';')) {
                return source.substring(from, i);
            }
        }
        return source.substring(from);
    }
}
