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
     * Japanese and Korean are told by their scripts; the others by the detector's profiles.
     */
    public static Optional<Guess> detect(CharSequence text) {
        String sample =
                text.length() > SAMPLE_CHARS ? text.subSequence(0, SAMPLE_CHARS).toString() : text.toString();
        Optional<Guess> byScript = byScript(sample);
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
     * The language a text's script gives away, without the detector: Chinese, Japanese (any kana)
     * or Korean when most of its letters are Han, kana or Hangul; Greek, Armenian, Arabic or Tamil
     * by their alphabets. Cheap enough for every query.
     */
    public static Optional<Guess> byScript(CharSequence text) {
        int letters = 0, han = 0, kana = 0, hangul = 0, greek = 0, armenian = 0, arabic = 0, tamil = 0;
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
                case GREEK -> greek++;
                case ARMENIAN -> armenian++;
                case ARABIC -> arabic++;
                case TAMIL -> tamil++;
                default -> {}
            }
        }
        if (letters == 0) {
            return Optional.empty();
        }
        int cjk = han + kana + hangul;
        if (2 * cjk >= letters) {
            String language = kana > 0 && kana >= hangul ? "ja" : hangul > han ? "ko" : "zh";
            return Optional.of(new Guess(language, cjk / (double) letters));
        }
        int[] counts = {greek, armenian, arabic, tamil};
        String[] codes = {"el", "hy", "ar", "ta"};
        for (int k = 0; k < counts.length; k++) {
            if (2 * counts[k] >= letters) {
                return Optional.of(new Guess(codes[k], counts[k] / (double) letters));
            }
        }
        return Optional.empty();
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
