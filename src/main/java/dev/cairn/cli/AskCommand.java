package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.runtime.Cairn;
import dev.cairn.search.Answer;
import dev.cairn.search.Searcher;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn ask}: a short answer built from the library's own sentences, with citations. */
@Command(name = "ask", description = "Answer a question from your documents, citing the passages it comes from.")
final class AskCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Parameters(paramLabel = "QUESTION")
    String question;

    @Option(names = "--top", defaultValue = "8", description = "Passages to read (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON object: answer and citations.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        try (Cairn cairn = Cairn.open(root.appDirs(), root.dbUrl())) {
            Answer answer = cairn.searcher().ask(question, top, Searcher.Mode.HYBRID);
            if (json) {
                ObjectNode o = Json.object();
                o.put("question", question);
                o.put("answer", answer.text());
                ArrayNode cites = o.putArray("citations");
                for (Answer.Citation c : answer.citations()) {
                    ObjectNode n = cites.addObject();
                    n.put("n", c.n());
                    n.put("document", c.hit().path());
                    if (c.hit().page() == null) {
                        n.putNull("page");
                    } else {
                        n.put("page", c.hit().page());
                    }
                    n.put("snippet", c.hit().snippet().text());
                    n.put("quote", c.quote());
                    n.put("char_start", c.hit().charStart());
                    n.put("char_end", c.hit().charEnd());
                    n.put("score", c.hit().score());
                }
                out.println(Json.write(o));
                return 0;
            }
            if (answer.isEmpty()) {
                out.println("Cairn found nothing in your documents that answers this.");
                return 0;
            }
            out.println(answer.text());
            out.println();
            for (Answer.Citation c : answer.citations()) {
                out.printf(Locale.ROOT, "[%d] %s%s%n    %s%n", c.n(), c.hit().path(),
                        c.hit().page() == null ? "" : ", page " + c.hit().page(), c.hit().snippet().marked("\u001b[1m", "\u001b[0m"));
            }
            return 0;
        }
    }
}
