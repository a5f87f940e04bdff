package dev.cairn.ingest;

import dev.cairn.text.FunctionWords;
import dev.cairn.text.Languages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The languages of one document's chunks, told as they stream past (docs/decisions/0025-languages.md):
 * each chunk is read by itself, by the script of its prose lines first (a passage a fifth of whose
 * letters are Han, kana or Hangul is Chinese, Japanese or Korean, whatever its Latin commands say),
 * then by the function words of its prose lines (command lines, code and table rows are no evidence
 * of any language). The document's language is the one most of its first chunks are written in,
 * the detector's guesses counted; a chunk whose prose says nothing clearly (too short, mixed, code,
 * or only the detector's guess) takes it. Not thread-safe: one document's chunks come from one reader.
 */
final class ChunkLanguages {

    /** How much of the first chunks' prose is read for the document's language when no chunk says it alone. */
    private static final int DOCUMENT_SAMPLE_CHARS = 2_000;

    /** A chunk with less prose than this is taken to be in its document's language. */
    private static final int OWN_GUESS_CHARS = 150;

    private boolean decided;
    private String document;
    private int guessesAsked;
    private int guessesSkipped;

    /** Each chunk's language (ISO 639-1), or null where neither it nor its document says. */
    List<String> of(List<Chunk> chunks) {
        List<Own> own = new ArrayList<>(chunks.size());
        List<String> prose = new ArrayList<>(chunks.size());
        List<Integer> forDetector = new ArrayList<>();
        for (Chunk c : chunks) {
            String p = Languages.prose(c.text());
            prose.add(p);
            Own o = plainly(c.text(), p);
            if (o == null && document == null && p.length() >= OWN_GUESS_CHARS) {
                forDetector.add(own.size());
            }
            own.add(o);
        }
        boolean deciding = !decided && !chunks.isEmpty();
        // The detector's guesses only weigh towards the document's language: where what the chunks
        // plainly say already outweighs every guess it could make, it is not asked (the same languages,
        // without its profiles' minutes of CPU on a large import).
        if (deciding && outweighs(own, chunks, forDetector)) {
            guessesSkipped += forDetector.size();
        } else {
            for (int i : forDetector) {
                guessesAsked++;
                String guessed = confident(prose.get(i));
                if (guessed != null) {
                    own.set(i, new Own(guessed, false));
                }
            }
        }
        if (deciding) {
            decided = true;
            document = mostWritten(own, prose, chunks).orElse(null);
        }
        List<String> out = new ArrayList<>(chunks.size());
        for (Own o : own) {
            out.add(o != null && (o.strong() || document == null) ? o.language() : document);
        }
        return out;
    }

    /**
     * Whether one language the chunks plainly say is written in more of their text than any other
     * could be, were every chunk in {@code guessable} guessed to be in that other: then the guesses
     * cannot change {@link #mostWritten}'s answer.
     */
    private static boolean outweighs(List<Own> own, List<Chunk> chunks, List<Integer> guessable) {
        Map<String, Integer> weight = new HashMap<>();
        for (int i = 0; i < own.size(); i++) {
            if (own.get(i) != null) {
                weight.merge(own.get(i).language(), chunks.get(i).text().length(), Integer::sum);
            }
        }
        long guessed = 0;
        for (int i : guessable) {
            guessed += chunks.get(i).text().length();
        }
        long first = 0;
        long second = 0;
        for (int w : weight.values()) {
            if (w > first) {
                second = first;
                first = w;
            } else if (w > second) {
                second = w;
            }
        }
        return first > second + guessed;
    }

    /**
     * What a chunk plainly says of its own language, or null where it says nothing clearly: its
     * script, or its prose's function words; such evidence sets the chunk's language against its
     * document's. The detector's guess (asked by {@link #of} for a chunk with prose enough while
     * the document's language is not known) only counts towards the document's language: on lists
     * of keywords, SQL syntax or makefiles it is sure of Italian, German or Catalan as often as of
     * the document's language.
     */
    private Own plainly(String text, String prose) {
        Optional<Languages.Guess> script = Languages.passageByScript(prose)
                .or(() -> prose.length() < OWN_GUESS_CHARS ? Languages.passageByScript(text) : Optional.empty());
        if (script.isPresent()) {
            return new Own(script.get().language(), true);
        }
        if (prose.length() < OWN_GUESS_CHARS) {
            return null;
        }
        if (FunctionWords.plainlyIn(prose, document)) {
            return new Own(document, true); // what the detector says of such a passage, at a thousandth of its cost
        }
        return FunctionWords.plainLanguage(prose).map(l -> new Own(l, true)).orElse(null);
    }

    /** A chunk's own language, and whether the evidence is strong enough to set it against its document's. */
    private record Own(String language, boolean strong) {}

    /**
     * The language most of the first chunks' text is in, of the chunks that say their own; when none
     * does, what the first chunks' prose says together.
     */
    private static Optional<String> mostWritten(List<Own> own, List<String> prose, List<Chunk> chunks) {
        Map<String, Integer> weight = new HashMap<>();
        String best = null;
        for (int i = 0; i < own.size(); i++) {
            if (own.get(i) != null) {
                String language = own.get(i).language();
                int w = weight.merge(language, chunks.get(i).text().length(), Integer::sum);
                if (best == null || w > weight.get(best)) {
                    best = language;
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        StringBuilder sample = new StringBuilder();
        for (int i = 0; i < prose.size() && sample.length() < DOCUMENT_SAMPLE_CHARS; i++) {
            sample.append(prose.get(i));
        }
        return FunctionWords.plainLanguage(sample).or(() -> Optional.ofNullable(confident(sample)));
    }

    private static String confident(CharSequence text) {
        return Languages.detect(text)
                .filter(Languages.Guess::confident)
                .map(Languages.Guess::language)
                .orElse(null);
    }

    /** How many chunks the detector has been asked about. */
    int guessesAsked() {
        return guessesAsked;
    }

    /** How many chunks it was not asked about because its guesses could not have changed a language. */
    int guessesSkipped() {
        return guessesSkipped;
    }

    /** The document's language as read from its first chunks, or null. */
    String document() {
        return document;
    }
}
