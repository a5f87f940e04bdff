package dev.cairn.embed;

import java.util.ArrayList;
import java.util.List;

/** Varied texts for comparing Cairn's vectors with the LangChain4j oracle. */
final class OracleTexts {

    private OracleTexts() {}

    /** Texts that fit every model's limit (under 128 tokens). */
    static List<String> shortAndMedium() {
        return List.of(
                // short
                "a",
                "Hello",
                "OK.",
                "cats and dogs",
                "What is the capital of France?",
                "How do I reset my password?",
                "The quick brown fox jumps over the lazy dog.",
                "PostgreSQL",
                "pgvector HNSW index",
                "42",
                "3.14159 is pi",
                "user@example.org wrote back",
                "Visit https://example.org/docs?page=2#top for details.",
                "Don't stop believin'!",
                "e.g. i.e. etc. vs. Mr. Dr. St.",
                "ALL CAPS SENTENCE WITH SHOUTING",
                "MiXeD cAsE tExT",
                // medium
                "Cairn keeps every document on your own machine, splits it into passages and finds the ones"
                        + " that answer your question, with the source of each answer shown beside it.",
                "The river had risen overnight, and by morning the footbridge was under a foot of brown water;"
                        + " the miller stood on the bank, counting the sacks he would have to carry round by the road.",
                "Photosynthesis converts light energy into chemical energy stored in glucose, releasing oxygen"
                        + " as a by-product of splitting water molecules.",
                "In 1969, two astronauts walked on the Moon while a third orbited above them in the command module.",
                "Tokens, not words, are what the model counts: a long compound word may become several pieces.",
                // non-English
                "Der schnelle braune Fuchs springt über den faulen Hund.",
                "Où est la bibliothèque ? Elle est fermée le dimanche, hélas.",
                "¿Dónde está la estación de tren más cercana?",
                "東京は日本の首都です。人口はとても多いです。",
                "我喜欢在周末读书和散步。",
                "Москва — столица России, крупнейший город страны.",
                "مرحبا بالعالم، كيف حالك اليوم؟",
                "नमस्ते, आप कैसे हैं?",
                "Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο.",
                "안녕하세요, 만나서 반갑습니다.",
                "Çok güzel bir gün, değil mi?",
                "Zażółć gęślą jaźń.",
                // emoji
                "I love pizza 🍕🍕🍕",
                "🚀",
                "Great job 👍🏽 see you tomorrow 😀",
                "🇫🇷 🇩🇪 🇯🇵 flags",
                "♥ ★ ☂ ☃ symbols",
                // code
                "public static void main(String[] args) { System.out.println(\"hi\"); }",
                "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
                "SELECT id, title FROM chunks WHERE embedding <=> $1 < 0.3 ORDER BY 1 LIMIT 10;",
                "{\"model\": \"all-minilm-l6-v2\", \"dimension\": 384, \"normalized\": true}",
                "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
                "for (int i = 0; i < n; i++) sum += a[i] * b[i];",
                "<div class=\"card\"><p>Hello &amp; welcome</p></div>",
                "git commit -m \"Embed chunks in batches\" && git push",
                // odd spacing and punctuation
                "  leading and trailing spaces  ",
                "tabs\tbetween\twords",
                "line one\nline two\n\nline four",
                "!!!???...",
                "-- -- --",
                "a b c d e f g h i j k l m n o p q r s t u v w x y z");
    }

    /** About 1,000 plain English words, well over every model's token limit. */
    static String thousandWords() {
        String[] sentences = {
            "The old lighthouse stood at the end of the stone pier, white against the grey sea.",
            "Every evening the keeper climbed the stairs to light the lamp before the boats came home.",
            "Children from the village would wait by the harbour wall to watch the beam sweep the water.",
            "In winter the storms were so strong that waves broke over the top of the tower.",
            "The keeper kept a book in which he wrote the weather, the ships he saw and the birds that rested on the rail.",
            "Years later the lamp was run by a machine and the keeper moved to a small house in the town.",
            "He still walked to the pier each night to see the light come on across the bay.",
        };
        List<String> words = new ArrayList<>();
        int i = 0;
        while (words.size() < 1000) {
            words.addAll(List.of(sentences[i++ % sentences.length].split(" ")));
        }
        return String.join(" ", words.subList(0, 1000));
    }
}
