package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.app.Conversations;
import dev.cairn.platform.Phrase;
import dev.cairn.search.Answer;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.GenerationException;
import dev.cairn.search.Searcher;
import dev.cairn.store.SearchScope;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cairn ask}: a short answer built from the library's own sentences, with citations; or,
 * when a language model is configured ({@code --llm} or the settings), one written by it from the
 * top passages, streamed as it is written.
 */
@Command(name = "ask")
final class AskCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Mixin
    ScopeOptions scopeOptions = new ScopeOptions();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "QUESTION", descriptionKey = "opt.ask.question")
    String question;

    @Option(names = "--top", defaultValue = "8", descriptionKey = "opt.ask.top")
    int top;

    @Option(names = "--json", descriptionKey = "opt.ask.json")
    boolean json;

    @Option(names = "--llm", paramLabel = "URL", descriptionKey = "opt.ask.llm")
    String llm;

    @Option(names = "--model", paramLabel = "NAME", descriptionKey = "opt.ask.model")
    String llmModel;

    @Option(names = "--thread", paramLabel = "ID", descriptionKey = "opt.ask.thread")
    Long thread;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SearchScope scope = scopeOptions.scope();
        try (Cairn cairn = Cairn.open(root.appDirs(), root.dbUrl())) {
            if (!cairn.searcher().holdsDocuments(scope)) {
                throw new IllegalArgumentException(Words.get("ask.scopeEmpty", Phrase.show(scope.describe())));
            }
            if (thread != null && cairn.threads().find(thread).isEmpty()) {
                throw ThreadsCommand.notThere(thread);
            }
            // No endpoint, no network: the extractive answerer stays the default.
            Optional<ChatGenerator.Endpoint> endpoint =
                    Cairn.llmEndpoint(cairn.settings(), llm, llmModel, System.getenv());
            AtomicBoolean streamed = new AtomicBoolean();
            Conversations.Reply reply;
            try {
                reply = cairn.conversations()
                        .ask(
                                thread == null ? OptionalLong.empty() : OptionalLong.of(thread),
                                question,
                                new Conversations.Asking(
                                        scope,
                                        top,
                                        Searcher.Mode.HYBRID,
                                        endpoint,
                                        ChatGenerator.Options.DEFAULT,
                                        false),
                                token -> {
                                    if (!json) {
                                        streamed.set(true);
                                        out.print(token);
                                        out.flush();
                                    }
                                });
            } catch (GenerationException e) {
                if (streamed.get()) {
                    out.println(); // end a half-written answer before the error is printed
                }
                throw e;
            }
            Answer answer = reply.answer();
            if (json) {
                ObjectNode o = Json.object();
                o.put("question", question);
                if (reply.thread() == null) {
                    o.putNull("thread");
                    o.put("not_saved", Phrase.english(reply.notSaved()));
                } else {
                    o.put("thread", reply.thread().id());
                }
                o.put("searched_for", reply.turn().searchedFor());
                o.put("answer", answer.text());
                o.put("generator", endpoint.isEmpty() ? "extractive" : "llm");
                if (endpoint.isEmpty()) {
                    o.putNull("model");
                } else {
                    o.put("model", endpoint.get().model());
                }
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
            if (answer.text().isBlank() && answer.isEmpty()) {
                out.println(Words.get("ask.nothing"));
                printThread(out, reply);
                return 0;
            }
            if (streamed.get()) {
                out.println(); // the text is already on screen, token by token
            } else {
                out.println(answer.text());
            }
            if (!answer.isEmpty()) {
                out.println();
            }
            for (Answer.Citation c : answer.citations()) {
                out.printf(
                        Locale.ROOT,
                        "[%d] %s%s%n    %s%n",
                        c.n(),
                        c.hit().path(),
                        c.hit().whereabouts().isEmpty()
                                ? ""
                                : ", " + Phrase.show(c.hit().whereabouts()),
                        c.hit().snippet().marked("\u001b[1m", "\u001b[0m"));
            }
            printThread(out, reply);
            out.flush();
            return 0;
        }
    }

    /** What was searched for when it was not the question, and how to ask a follow-up in the thread. */
    private static void printThread(PrintWriter out, Conversations.Reply reply) {
        out.println();
        if (reply.turn().rewritten()) {
            out.println(Words.get("ask.searchedFor", reply.turn().searchedFor()));
        }
        if (reply.thread() == null) {
            out.println(Phrase.show(reply.notSaved()));
            return;
        }
        long id = reply.thread().id();
        out.println(Words.get("ask.thread", String.valueOf(id), reply.thread().turns()));
        if (reply.followUpAsGiven()) {
            out.println(Words.get("ask.followUpAsGiven"));
        }
    }
}
