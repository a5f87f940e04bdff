package dev.cairn.ingest.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a line of code sits: the definitions around it ("class Parser / parse(...)"), found line by
 * line with a few patterns per language and the indentation, never a full parser. A definition is
 * open until a line at its indentation or less that is not a closing brace, an {@code end} or a
 * comment; INI and TOML sections last until the next section. Wrong guesses only make a heading
 * vaguer, so the patterns favour missing a definition over inventing one.
 */
final class CodeOutline {

    /** Headings name at most this many nested definitions: a file's type and its member, say. */
    static final int DEPTH = 2;

    private static final int MAX_STACK = 16;
    /** Longer lines are never definitions worth naming, and the patterns stay cheap. */
    private static final int MAX_PATTERN_LINE = 400;

    private record Rule(Pattern pattern, Function<Matcher, String> label) {}

    private record Scope(int indent, String label) {}

    private record Language(List<Rule> rules, boolean sections, boolean statementEnds) {}

    private static final String MODIFIERS =
            "(?:(?:public|private|protected|internal|static|final|abstract|sealed|non-sealed"
                    + "|partial|export|default|declare|readonly|data|open|inline)\\s+)*";
    private static final Rule TYPE = rule(
            "^" + MODIFIERS
                    + "(class|interface|enum|record|struct|trait|union|namespace|module|object)\\s+([A-Za-z_$][\\w$]*)[^;=]*$",
            1,
            2);
    private static final Rule C_METHOD = new Rule(
            Pattern.compile("^(?:[\\w$<>\\[\\],.?*&:~@]+\\s+)+[*&]*([A-Za-z_$~][\\w$:~]*)\\s*\\([^;]*$"),
            CodeOutline::cMethod);
    private static final Rule JS_FUNCTION =
            call("^(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*([A-Za-z_$][\\w$]*)");
    private static final Rule JS_ARROW = call("^(?:export\\s+)?(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*(?::[^=]+)?="
            + "\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]+)?=>|[A-Za-z_$][\\w$]*\\s*=>)");
    private static final Rule JS_METHOD = new Rule(
            Pattern.compile(
                    "^(?:(?:static|async|get|set|public|private|protected|readonly"
                            + "|override)\\s+)*\\*?([A-Za-z_$][\\w$]*)\\s*(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::\\s*[^={;]+)?\\{\\s*$"),
            CodeOutline::cMethod);
    private static final Rule PY_DEF = call("^(?:async\\s+)?def\\s+([A-Za-z_]\\w*)");
    private static final Rule PY_CLASS = rule("^(class)\\s+([A-Za-z_]\\w*)", 1, 2);
    private static final Rule GO_FUNC = call("^func\\s+(?:\\([^)]*\\)\\s*)?([A-Za-z_]\\w*)");
    private static final Rule GO_TYPE = rule("^(type)\\s+([A-Za-z_]\\w*)\\s+(?:struct|interface)\\b", 1, 2);
    private static final Rule RUST_FN =
            call("^(?:pub(?:\\([^)]*\\))?\\s+)?(?:(?:async|const|unsafe|extern(?:\\s+\"[^\"]*\")?)\\s+)*fn\\s+(\\w+)");
    private static final Rule RUST_TYPE =
            rule("^(?:pub(?:\\([^)]*\\))?\\s+)?(struct|enum|trait|mod|union)\\s+(\\w+)", 1, 2);
    private static final Rule RUST_IMPL = new Rule(
            Pattern.compile("^(?:unsafe\\s+)?impl\\b(?:<[^>]*>)?\\s*([^{]+?)\\s*(?:\\{.*)?$"),
            m -> "impl " + m.group(1));
    private static final Rule RUBY_DEF = call("^def\\s+((?:self\\.)?[\\w?!=\\[\\]]+)");
    private static final Rule RUBY_TYPE = rule("^(class|module)\\s+([\\w:]+)", 1, 2);
    private static final Rule PHP_FUNCTION = call("^" + MODIFIERS + "function\\s+&?([A-Za-z_]\\w*)");
    private static final Rule SH_FUNCTION = new Rule(
            Pattern.compile("^(?:function\\s+([\\w.:-]+)|([\\w.:-]+)\\s*\\(\\s*\\))"),
            m -> (m.group(1) != null ? m.group(1) : m.group(2)) + "(...)");
    private static final Rule SQL_CREATE = new Rule(
            Pattern.compile(
                    "^create\\s+(?:or\\s+replace\\s+)?(?:(?:temp|temporary|unique"
                            + "|materialized|global|local)\\s+)*(table|view|function|procedure|index|trigger|type|schema|sequence|domain)\\s+"
                            + "(?:if\\s+not\\s+exists\\s+)?([\\w.\"$]+)",
                    Pattern.CASE_INSENSITIVE),
            m -> m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2));
    private static final Rule JSON_KEY =
            new Rule(Pattern.compile("^\"((?:[^\"\\\\]|\\\\.){1,80})\"\\s*:\\s*[\\[{]\\s*$"), m -> m.group(1));
    private static final Rule YAML_KEY =
            new Rule(Pattern.compile("^([A-Za-z0-9_][^:#]{0,79}?):\\s*(?:#.*)?$"), m -> m.group(1));
    private static final Rule SECTION = new Rule(
            Pattern.compile("^\\[\\[?\\s*([^\\]]{1,80}?)\\s*\\]\\]?\\s*(?:[#;].*)?$"), m -> "[" + m.group(1) + "]");

    private static final Set<String> NOT_A_NAME = Set.of(
            "if",
            "for",
            "while",
            "switch",
            "catch",
            "return",
            "new",
            "throw",
            "else",
            "case",
            "do",
            "try",
            "await",
            "yield",
            "sizeof",
            "typeof",
            "delete",
            "goto",
            "function",
            "using",
            "lock",
            "foreach",
            "synchronized",
            "assert",
            "with",
            "elif",
            "super",
            "this");

    private final Language language;
    private final Deque<Scope> stack = new ArrayDeque<>();
    private boolean popAfter;

    private CodeOutline(Language language) {
        this.language = language;
    }

    /** The outline for a file with this extension (lower case, no dot); unknown ones get none. */
    static CodeOutline forExtension(String ext) {
        List<Rule> c = List.of(TYPE, C_METHOD);
        Language language = switch (ext) {
            case "java", "cs", "c", "h", "cpp", "cc", "cxx", "hpp", "hh" -> new Language(c, false, false);
            case "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts" ->
                new Language(List.of(JS_FUNCTION, JS_ARROW, TYPE, JS_METHOD), false, false);
            case "py", "pyw" -> new Language(List.of(PY_DEF, PY_CLASS), false, false);
            case "go" -> new Language(List.of(GO_FUNC, GO_TYPE), false, false);
            case "rs" -> new Language(List.of(RUST_FN, RUST_TYPE, RUST_IMPL), false, false);
            case "rb" -> new Language(List.of(RUBY_DEF, RUBY_TYPE), false, false);
            case "php" -> new Language(List.of(PHP_FUNCTION, TYPE), false, false);
            case "sh", "bash", "zsh" -> new Language(List.of(SH_FUNCTION), false, false);
            case "sql" -> new Language(List.of(SQL_CREATE), false, true);
            case "json" -> new Language(List.of(JSON_KEY), false, false);
            case "yaml", "yml" -> new Language(List.of(YAML_KEY), false, false);
            case "toml", "ini", "cfg", "conf" -> new Language(List.of(SECTION), true, false);
            default -> new Language(List.of(), false, false);
        };
        return new CodeOutline(language);
    }

    /** Moves past one whole line (terminator removed); blank lines leave the outline as it is. */
    void accept(String line) {
        if (popAfter) {
            stack.pop();
            popAfter = false;
        }
        if (line.isBlank() || attaches(line)) {
            return;
        }
        int indent = indent(line);
        String text = line.strip();
        String label = definition(text);
        if (language.sections()) {
            if (label != null) {
                stack.clear();
                stack.push(new Scope(indent, label));
            }
            return;
        }
        while (!stack.isEmpty() && stack.peek().indent() > indent) {
            stack.pop();
        }
        if (!stack.isEmpty() && stack.peek().indent() == indent) {
            if (label != null) {
                stack.pop();
            } else if (closes(text)) {
                popAfter = true;
            } else if (!continues(text)) {
                stack.pop();
            }
        }
        if (label != null && stack.size() < MAX_STACK) {
            stack.push(new Scope(indent, label));
        }
    }

    /** The definitions around the last line, outermost first, at most {@link #DEPTH}: "class Parser / parse(...)". */
    String path() {
        List<String> labels = new ArrayList<>(DEPTH);
        for (Iterator<Scope> it = stack.descendingIterator(); it.hasNext() && labels.size() < DEPTH; ) {
            labels.add(it.next().label());
        }
        return String.join(" / ", labels);
    }

    /** Comments, decorators and annotations: they belong with the definition right below them. */
    boolean attaches(String line) {
        String t = line.strip();
        return comment(t)
                || (t.startsWith("@") && t.length() > 1 && Character.isLetter(t.charAt(1)))
                || t.startsWith("#[");
    }

    private static boolean comment(String t) {
        return t.startsWith("//")
                || t.startsWith("/*")
                || t.startsWith("*")
                || t.startsWith("#") && !t.startsWith("#[")
                || t.startsWith("--")
                || t.startsWith(";")
                || t.startsWith("<!--");
    }

    private boolean closes(String t) {
        return t.startsWith("}")
                || t.equals("end")
                || t.startsWith("end ")
                || t.startsWith("end;")
                || language.statementEnds() && t.endsWith(";");
    }

    private static boolean continues(String t) {
        return t.startsWith(")")
                || t.startsWith("]")
                || t.startsWith("{")
                || t.startsWith("else")
                || t.startsWith("elif")
                || t.startsWith("except")
                || t.startsWith("finally")
                || t.startsWith("catch")
                || t.startsWith("rescue")
                || t.startsWith("ensure")
                || t.startsWith("when ")
                || t.startsWith("where")
                || t.startsWith("throws");
    }

    private String definition(String text) {
        if (text.length() > MAX_PATTERN_LINE) {
            return null;
        }
        for (Rule rule : language.rules()) {
            Matcher m = rule.pattern().matcher(text);
            if (m.find()) {
                String label = rule.label().apply(m);
                if (label != null) {
                    return label;
                }
            }
        }
        return null;
    }

    /** A C-family method or constructor, unless it is a call, a control statement or an assignment. */
    private static String cMethod(Matcher m) {
        String text = m.group();
        String name = m.group(1);
        int paren = text.indexOf('(', m.start(1));
        String before = text.substring(0, paren);
        String first = before.split("\\s+", 2)[0];
        if (NOT_A_NAME.contains(name)
                || NOT_A_NAME.contains(first)
                || before.contains("=")
                || before.matches(".*\\b(?:new|return|throw|else)\\b.*")) {
            return null;
        }
        int colons = name.lastIndexOf("::");
        return (colons >= 0 ? name.substring(colons + 2) : name) + "(...)";
    }

    private static Rule rule(String regex, int keyword, int name) {
        return new Rule(Pattern.compile(regex), m -> m.group(keyword) + " " + m.group(name));
    }

    private static Rule call(String regex) {
        return new Rule(Pattern.compile(regex), m -> m.group(1) + "(...)");
    }

    private static int indent(String line) {
        int width = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                width++;
            } else if (c == '\t') {
                width += 4 - width % 4;
            } else {
                break;
            }
        }
        return width;
    }
}
