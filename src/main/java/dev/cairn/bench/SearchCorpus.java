package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * A generated library for the search benchmark: Markdown notes on everyday topics (a title,
 * sections, paragraphs of sentences built from each topic's own words), so that full-text search
 * has selective words and vector search has topics to tell apart. The same seed gives the same
 * files, so a re-run over the same data directory skips every unchanged document.
 */
public final class SearchCorpus {

    private record Topic(String name, String[] nouns, String[] verbs, String[] adjectives) {}

    private static final List<Topic> TOPICS = List.of(
            topic(
                    "bread baking",
                    "dough flour yeast crust loaf oven starter gluten proof rye sourdough bench",
                    "knead fold shape score bake proof rest mix",
                    "crisp sticky airy dense golden wholemeal"),
            topic(
                    "bicycle repair",
                    "chain tyre brake derailleur spoke rim saddle cassette pedal hub cable frame",
                    "adjust oil true tighten replace clean inflate align",
                    "squeaky loose worn bent flat stiff"),
            topic(
                    "database tuning",
                    "index query table vacuum planner buffer checkpoint replica partition lock row page",
                    "analyze rebuild partition cache scan join vacuum tune",
                    "slow bloated concurrent stale hot sequential"),
            topic(
                    "vegetable gardening",
                    "tomato compost seedling soil bed mulch trellis potato bean aphid frost greenhouse",
                    "sow water prune mulch harvest transplant weed stake",
                    "sunny sandy damp organic raised sheltered"),
            topic(
                    "astronomy",
                    "telescope nebula comet eclipse planet galaxy meteor orbit eyepiece constellation star moon",
                    "observe track focus photograph align locate measure chart",
                    "faint bright distant polar lunar dark"),
            topic(
                    "home brewing coffee",
                    "grinder bean espresso filter kettle roast crema brewer dose scale burr carafe",
                    "grind brew pour tamp weigh steam roast dial",
                    "bitter fruity fresh coarse fine dark"),
            topic(
                    "sailing",
                    "sail mast keel tiller anchor harbour mooring rope jib spinnaker tide hull",
                    "tack reef hoist trim anchor steer moor jibe",
                    "gusty calm heeling leeward windward salty"),
            topic(
                    "beekeeping",
                    "hive queen comb honey frame smoker swarm brood nectar pollen wax drone",
                    "inspect feed split extract requeen smoke harvest winterise",
                    "calm defensive strong sticky capped wild"),
            topic(
                    "personal finance",
                    "budget savings pension mortgage interest fund invoice tax account debt loan dividend",
                    "save invest borrow repay budget compound diversify declare",
                    "fixed variable monthly annual risky prudent"),
            topic(
                    "mountain hiking",
                    "trail summit ridge boot map compass blister cairn tent pass glacier scree",
                    "climb navigate descend pack camp ford scramble rest",
                    "steep rocky exposed misty alpine muddy"),
            topic(
                    "photography",
                    "lens aperture shutter sensor tripod exposure flash histogram portrait filter zoom print",
                    "focus frame expose meter edit crop bracket shoot",
                    "sharp blurry noisy wide bright moody"),
            topic(
                    "software testing",
                    "test assertion fixture mock coverage build regression suite runner flake pipeline bug",
                    "assert refactor isolate reproduce measure deploy review debug",
                    "flaky green brittle slow isolated deterministic"),
            topic(
                    "woodworking",
                    "chisel plane joint dovetail grain saw clamp glue mortise tenon lathe varnish",
                    "cut plane sand glue clamp carve finish measure",
                    "straight warped oak smooth rough seasoned"),
            topic(
                    "first aid",
                    "bandage wound splint pulse burn fracture airway dressing sling antiseptic bleeding shock",
                    "clean press elevate cool splint check bandage call",
                    "deep minor swollen conscious pale urgent"),
            topic(
                    "running",
                    "pace marathon interval shoe stride tempo hill cadence recovery lap race injury",
                    "train stretch sprint recover taper warm jog pace",
                    "easy hard long steady fast sore"),
            topic(
                    "birdwatching",
                    "warbler binoculars heron nest migration feather call hide wetland owl finch plumage",
                    "spot identify record listen count ring feed watch",
                    "migratory shy rare nocturnal colourful common"));

    private static final String[] TEMPLATES = {
        "The {n} needs to be {a} before you {v} the {n2}.",
        "Most people {v} the {n} too early, which leaves the {n2} {a}.",
        "A {a} {n} is usually a sign that the {n2} was never checked.",
        "If the {n} feels {a}, {v} it gently and look at the {n2} again.",
        "Experienced hands {v} the {n} once a week and keep the {n2} {a}.",
        "Never {v} a {a} {n} without first looking at the {n2}.",
        "The simplest way to {v} the {n} is to start with the {n2}.",
        "When the {n2} is {a}, the {n} will not last long.",
        "Write down when you {v} the {n}; a {a} {n2} is easier to explain later.",
        "A good {n} and a {a} {n2} make it much easier to {v} on a busy day.",
        "Some guides say you should {v} the {n} before the {n2}, but the order matters less than patience.",
        "Keep a spare {n} nearby, because a {a} {n2} tends to fail at the worst moment.",
    };

    private SearchCorpus() {}

    private static Topic topic(String name, String nouns, String verbs, String adjectives) {
        return new Topic(name, nouns.split(" "), verbs.split(" "), adjectives.split(" "));
    }

    /**
     * Writes Markdown files into {@code dir} until their estimated chunk count reaches
     * {@code targetChunks}, and removes notes left there by a larger run.
     *
     * @param tokens counts a text's tokens as the model does
     * @param tokensPerChunk the chunker's usual chunk size after overlap
     * @return the files written
     */
    public static List<Path> write(
            Path dir, int targetChunks, ToIntFunction<String> tokens, int tokensPerChunk, long seed) {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        double chunks = 0;
        try {
            Files.createDirectories(dir);
            for (int d = 0; chunks < targetChunks; d++) {
                Topic topic = TOPICS.get(random.nextInt(TOPICS.size()));
                String text = document(topic, d, random);
                Path file = dir.resolve(String.format("note-%05d.md", d));
                Files.writeString(file, text, StandardCharsets.UTF_8);
                files.add(file);
                chunks += Math.max(1.0, Math.ceil(tokens.applyAsInt(text) / (double) tokensPerChunk));
            }
            // Notes from an earlier, larger run would be ingested too: the library is exactly these files.
            try (var old = Files.newDirectoryStream(dir, "note-*.md")) {
                for (Path f : old) {
                    if (!files.contains(f)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not write the benchmark library into " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** {@code count} different questions a user of this library might ask, the same for the same seed. */
    public static List<String> queries(int count, long seed) {
        Random random = new Random(seed);
        List<String> queries = new ArrayList<>(count);
        String[] forms = {
            "how do I {v} a {a} {n}",
            "why is my {n} {a} after I {v} the {n2}",
            "{n} {n2} {v}",
            "what to do when the {n} is {a}",
            "best way to {v} the {n} and {n2}"
        };
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (queries.size() < count) {
            Topic t = TOPICS.get(random.nextInt(TOPICS.size()));
            String q = fill(forms[random.nextInt(forms.length)], t, random);
            if (seen.add(q)) {
                queries.add(q);
            }
        }
        return queries;
    }

    private static String document(Topic topic, int number, Random random) {
        StringBuilder out = new StringBuilder();
        String title =
                capitalise(pick(topic.adjectives(), random)) + " " + pick(topic.nouns(), random) + " notes " + number;
        out.append("# ").append(title).append(" (").append(topic.name()).append(")\n\n");
        int sections = 2 + random.nextInt(4);
        for (int s = 0; s < sections; s++) {
            out.append("## ")
                    .append(capitalise(pick(topic.verbs(), random)))
                    .append(" the ")
                    .append(pick(topic.nouns(), random))
                    .append("\n\n");
            int paragraphs = 1 + random.nextInt(3);
            for (int p = 0; p < paragraphs; p++) {
                int sentences = 3 + random.nextInt(5);
                for (int i = 0; i < sentences; i++) {
                    out.append(i == 0 ? "" : " ")
                            .append(fill(TEMPLATES[random.nextInt(TEMPLATES.length)], topic, random));
                }
                out.append("\n\n");
            }
        }
        return out.toString();
    }

    private static String fill(String template, Topic t, Random random) {
        String n = pick(t.nouns(), random);
        String n2 = pick(t.nouns(), random);
        return template.replace("{n2}", n2)
                .replace("{n}", n)
                .replace("{v}", pick(t.verbs(), random))
                .replace("{a}", pick(t.adjectives(), random));
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
