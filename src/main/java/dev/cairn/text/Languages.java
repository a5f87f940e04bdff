package dev.cairn.text;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which language a text is in, and which of PostgreSQL's text-search configurations reads it
 * (docs/decisions/0025-languages.md). Only the languages PostgreSQL 17 has a stemmer for are told
 * apart by their letters' n-grams (Optimaize's profiles, loaded once, on first use: about 2 s and
 * 30 MB); Chinese, Japanese and Korean by their scripts, which needs no profile. Thread-safe.
 */
public final class Languages {

    /** The configuration a text in no detected language is read with: what every chunk had before. */
    public static final String DEFAULT_CONFIG = "english";

    /** The configuration of a language PostgreSQL has no stemmer for: words as they are, lower-cased. */
    public static final String SIMPLE_CONFIG = "simple";

    /** ISO 639-1 code to PostgreSQL 17's configuration ({@code SELECT cfgname FROM pg_ts_config}). */
    private static final Map<String, String> CONFIGS = codes("""
            ar arabic  hy armenian  eu basque  ca catalan  da danish  nl dutch
            en english  fi finnish  fr french  de german  el greek  hi hindi
            hu hungarian  id indonesian  ga irish  it italian  lt lithuanian  ne nepali
            no norwegian  pt portuguese  ro romanian  ru russian  sr serbian  es spanish
            sv swedish  ta tamil  tr turkish  yi yiddish
            """);

    /** How much of a text is read: the n-gram statistics settle well before this. */
    private static final int SAMPLE_CHARS = 600;

    /** Fewer letters than this say too little to tell one language from another. */
    private static final int MIN_LETTERS = 24;

    /** A guess below this probability is no guess (short or mixed text). */
    static final double CONFIDENT = 0.9;

    /**
     * A language and how sure the detector is of it, from 0 to 1.
     *
     * @param language an ISO 639-1 code: one of the stemmed languages, or zh, ja or ko
     */
    public record Guess(String language, double confidence) {
        public boolean confident() {
            return confidence >= CONFIDENT;
        }
    }

    private Languages() {}

    /** The text-search configuration for a language code; {@link #DEFAULT_CONFIG} for none, else {@code simple}. */
    public static String textConfig(String language) {
        if (language == null) {
            return DEFAULT_CONFIG;
        }
        return CONFIGS.getOrDefault(language, SIMPLE_CONFIG);
    }

    /** The language a configuration stems, or empty for {@code simple} and any other. */
    public static Optional<String> languageOf(String textConfig) {
        return CONFIGS.entrySet().stream()
                .filter(e -> e.getValue().equals(textConfig))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The language of a piece of text, or empty when it has too few letters to tell. Chinese,
     * Japanese and Korean are told by their scripts ({@link #passageByScript}); the others by the
     * detector's profiles.
     */
    public static Optional<Guess> detect(CharSequence text) {
        String sample =
                text.length() > SAMPLE_CHARS ? text.subSequence(0, SAMPLE_CHARS).toString() : text.toString();
        Optional<Guess> byScript = passageByScript(sample);
        if (byScript.isPresent() || letters(sample) < MIN_LETTERS) {
            return byScript;
        }
        List<DetectedLanguage> found = Detector.INSTANCE.getProbabilities(Detector.TEXT.forText(sample));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DetectedLanguage best = found.getFirst();
        return Optional.of(new Guess(best.getLocale().getLanguage(), best.getProbability()));
    }

    /**
     * The language a query's script gives away, without the detector: Chinese, Japanese or Korean
     * when a fifth of its letters are Han, kana or Hangul, as for a passage ({@link #passageByScript}):
     * "aptitude 的软件包状态" is a Chinese question about a Latin name, and an English model reads its
     * Chinese half no better than a Chinese passage's. Greek, Armenian, Arabic or Tamil by their
     * alphabets. The guess's confidence is the share of those letters. Cheap enough for every query.
     * "what does 提示符 mean" is exactly a fifth (12 Latin letters, 3 Han) and Chinese: three Han letters carry
     * about as much as the four English words around them, and the word asked about is the one the English
     * model cannot read; one more English word ("... mean here") makes it not (LanguagesTest).
     */
    public static Optional<Guess> byScript(CharSequence text) {
        return Census.of(text).language(5, false);
    }

    /**
     * The language a passage's script gives away, for ingest: as {@link #byScript}, and certain: a
     * fifth of the letters in Han, kana or Hangul is enough. A Han or kana character carries
     * about as much as a Latin word of four or five letters, so a Japanese or Chinese passage full
     * of Latin commands and package names has fewer than half of its letters in its own script and
     * is still a Japanese or Chinese passage; an English passage quoting a name in Han has far fewer.
     */
    public static Optional<Guess> passageByScript(CharSequence text) {
        return Census.of(text).language(5, true);
    }

    /** How many letters of a text are in which of the scripts that tell a language by themselves. */
    private record Census(int letters, int han, int kana, int hangul, int[] alphabets) {

        private static final String[] ALPHABET_LANGUAGES = {"el", "hy", "ar", "ta"};

        static Census of(CharSequence text) {
            int letters = 0, han = 0, kana = 0, hangul = 0;
            int[] alphabets = new int[ALPHABET_LANGUAGES.length];
            for (int i = 0; i < text.length(); ) {
                int c = Character.codePointAt(text, i);
                i += Character.charCount(c);
                if (!Character.isLetter(c)) {
                    continue;
                }
                letters++;
                switch (Character.UnicodeScript.of(c)) {
                    case HAN -> han++;
                    case HIRAGANA, KATAKANA -> kana++;
                    case HANGUL -> hangul++;
                    case GREEK -> alphabets[0]++;
                    case ARMENIAN -> alphabets[1]++;
                    case ARABIC -> alphabets[2]++;
                    case TAMIL -> alphabets[3]++;
                    default -> {}
                }
            }
            return new Census(letters, han, kana, hangul, alphabets);
        }

        /**
         * The script's language when at least one letter in {@code cjkShare} is Han, kana or Hangul
         * (Japanese when a twentieth of those are kana: Chinese text can hold a stray one), or half
         * of them one of the alphabets; {@code certain} gives such a guess confidence 1.
         */
        Optional<Guess> language(int cjkShare, boolean certain) {
            if (letters == 0) {
                return Optional.empty();
            }
            int cjk = han + kana + hangul;
            if (cjkShare * cjk >= letters) {
                String language = kana > 0 && 20 * kana >= cjk && kana >= hangul ? "ja" : hangul > han ? "ko" : "zh";
                return Optional.of(new Guess(language, certain ? 1 : cjk / (double) letters));
            }
            for (int k = 0; k < alphabets.length; k++) {
                if (2 * alphabets[k] >= letters) {
                    return Optional.of(new Guess(ALPHABET_LANGUAGES[k], certain ? 1 : alphabets[k] / (double) letters));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The lines of a text that read as running words: the evidence of its language. A command line
     * ({@code $ apt-get install vim}), a path, a table row of names and numbers or a line of code says
     * nothing of the language of the passage around it, however English its words look to a detector.
     * A line is prose when it has four words or more (or four Han, kana or Hangul letters: those
     * languages write no spaces) and letters are at least four fifths of its characters other than spaces, and it does not start with a prompt ({@code $}, {@code #},
     * {@code %}, {@code >} and a space).
     */
    public static String prose(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (isProse(text, start, i)) {
                    out.append(text, start, i).append('\n');
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    private static boolean isProse(CharSequence text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        if (to - from > 1 && "$#%>".indexOf(text.charAt(from)) >= 0 && text.charAt(from + 1) == ' ') {
            return false;
        }
        int visible = 0, letters = 0, words = 0, run = 0, cjk = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                cjk += Character.isIdeographic(c) || c >= '\u3040' && c <= '\u30ff' || c >= '\uac00' && c <= '\ud7a3'
                        ? 1
                        : 0;
                letters++;
                visible++;
                run++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                words += run >= 2 ? 1 : 0;
                run = 0;
            } else {
                visible++;
            }
        }
        return (words >= 4 || cjk >= 4) && 5 * letters >= 4 * visible;
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += Character.isLetter(s.charAt(i)) ? 1 : 0;
        }
        return n;
    }

    /** The detector over the stemmed languages' profiles, built on first use (class initialisation is thread-safe). */
    private static final class Detector {
        static final TextObjectFactory TEXT = CommonTextObjectFactories.forDetectingOnLargeText();
        static final LanguageDetector INSTANCE = build();

        private static LanguageDetector build() {
            LanguageProfileReader reader = new LanguageProfileReader();
            List<LanguageProfile> profiles = new ArrayList<>();
            for (String code : CONFIGS.keySet()) {
                if (code.equals("hy")) {
                    continue; // Optimaize has no Armenian profile; the script tells it
                }
                try {
                    profiles.add(reader.readBuiltIn(LdLocale.fromString(code)));
                } catch (IOException e) {
                    throw new UncheckedIOException("The language profile of " + code + " could not be read", e);
                }
            }
            return LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(profiles)
                    .build();
        }
    }

    /** "code config" pairs, separated by white space, as a map. */
    private static Map<String, String> codes(String table) {
        String[] words = table.strip().split("\\s+");
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < words.length; i += 2) {
            map.put(words[i], words[i + 1]);
        }
        return Map.copyOf(map);
    }
}
