package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The library's conversations: threads of questions with their answers and cited passages, kept in
 * the database so they survive restarts and are the same for the window and the command line.
 * Thread-safe; a turn is stored whole or not at all.
 */
public final class Threads {

    private static final String THREAD_COLUMNS =
            "t.id, t.title, t.created_at, t.updated_at, (SELECT count(*) FROM thread_turns u WHERE u.thread_id = t.id)"
                    + " AS turns";

    private final DataSource dataSource;

    public Threads(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A new thread holding its first turn; its title is usually that turn's question, shortened. */
    public ChatThread start(String title, ThreadTurn first) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("A thread needs a title (its first question)");
        }
        Objects.requireNonNull(first, "first");
        return Jdbc.inTransaction(dataSource, "start a thread", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO threads (title) VALUES (?) RETURNING id")) {
                ps.setString(1, title.strip());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            insertTurn(c, id, first);
            return find(c, id).orElseThrow();
        });
    }

    /**
     * Adds {@code turn} after the thread's last one and marks the thread as just used.
     *
     * @return the thread as it is now
     * @throws IllegalArgumentException when there is no such thread (it was deleted meanwhile)
     */
    public ChatThread append(long thread, ThreadTurn turn) {
        Objects.requireNonNull(turn, "turn");
        return Jdbc.inTransaction(dataSource, "store the answer in thread " + thread, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE threads SET updated_at = clock_timestamp() WHERE id = ? RETURNING id")) {
                ps.setLong(1, thread); // also locks the thread: two answers at once get positions one after the other
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException(missing(thread));
                    }
                }
            }
            insertTurn(c, thread, turn);
            return find(c, thread).orElseThrow();
        });
    }

    /** Every thread, the most recently used first. */
    public List<ChatThread> list() {
        return Jdbc.withConnection(dataSource, "list the threads", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + THREAD_COLUMNS + " FROM threads t ORDER BY t.updated_at DESC, t.id DESC");
                    ResultSet rs = ps.executeQuery()) {
                List<ChatThread> threads = new ArrayList<>();
                while (rs.next()) {
                    threads.add(thread(rs));
                }
                return threads;
            }
        });
    }

    public Optional<ChatThread> find(long thread) {
        return Jdbc.withConnection(dataSource, "look up thread " + thread, c -> find(c, thread));
    }

    /**
     * The thread's turns in the order they were asked, each with its citations; empty for an unknown
     * thread. One statement, so one snapshot: a turn stored meanwhile is there whole or not at all.
     */
    public List<ThreadTurn> turns(long thread) {
        return Jdbc.withConnection(dataSource, "read thread " + thread, c -> {
            List<ThreadTurn> turns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT u.position, u.question, u.searched_for, u.answer, u.writer, u.note, u.asked_at, k.n, k.path,"
                            + " k.title, k.page, k.snippet, k.passage, k.char_start, k.char_end, k.score, k.place"
                            + " FROM thread_turns u LEFT JOIN thread_citations k"
                            + " ON k.thread_id = u.thread_id AND k.position = u.position"
                            + " WHERE u.thread_id = ? ORDER BY u.position, k.n")) {
                ps.setLong(1, thread);
                try (ResultSet rs = ps.executeQuery()) {
                    int position = -1;
                    ThreadTurn turn = null;
                    List<ThreadTurn.Citation> cited = new ArrayList<>();
                    while (rs.next()) {
                        if (rs.getInt("position") != position) {
                            if (turn != null) {
                                turns.add(withCitations(turn, cited));
                            }
                            position = rs.getInt("position");
                            cited.clear();
                            turn = new ThreadTurn(
                                    rs.getString("question"),
                                    rs.getString("searched_for"),
                                    rs.getString("answer"),
                                    rs.getString("writer"),
                                    rs.getString("note"),
                                    List.of(),
                                    Jdbc.instant(rs, "asked_at"));
                        }
                        if (rs.getObject("n") != null) {
                            cited.add(new ThreadTurn.Citation(
                                    rs.getInt("n"),
                                    rs.getString("path"),
                                    rs.getString("title"),
                                    rs.getObject("page", Integer.class),
                                    rs.getString("snippet"),
                                    rs.getString("passage"),
                                    rs.getInt("char_start"),
                                    rs.getInt("char_end"),
                                    rs.getDouble("score"),
                                    rs.getString("place")));
                        }
                    }
                    if (turn != null) {
                        turns.add(withCitations(turn, cited));
                    }
                }
            }
            return turns;
        });
    }

    private static ThreadTurn withCitations(ThreadTurn t, List<ThreadTurn.Citation> cited) {
        return new ThreadTurn(t.question(), t.searchedFor(), t.answer(), t.writer(), t.note(), cited, t.askedAt());
    }

    /** Deletes a thread with its turns; false when there was no such thread. */
    public boolean delete(long thread) {
        return Jdbc.withConnection(dataSource, "delete thread " + thread, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM threads WHERE id = ?")) {
                ps.setLong(1, thread);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The message for a thread that is not there. */
    public static String missing(long thread) {
        return "There is no thread " + thread + " in this library (it may have been deleted).";
    }

    private static void insertTurn(Connection c, long thread, ThreadTurn turn) throws SQLException {
        int position;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO thread_turns (thread_id, position, question, searched_for, answer, writer, note)"
                        + " SELECT ?, coalesce(max(position), 0) + 1, ?, ?, ?, ?, ? FROM thread_turns"
                        + " WHERE thread_id = ? RETURNING position")) {
            ps.setLong(1, thread);
            ps.setString(2, turn.question());
            ps.setString(3, turn.searchedFor());
            ps.setString(4, turn.answer());
            ps.setString(5, turn.writer());
            ps.setString(6, turn.note());
            ps.setLong(7, thread);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                position = rs.getInt(1);
            }
        }
        insertCitations(c, thread, position, turn.citations());
    }

    private static void insertCitations(Connection c, long thread, int position, List<ThreadTurn.Citation> citations)
            throws SQLException {
        if (citations.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO thread_citations (thread_id, position, n, path, title, page, snippet, passage,"
                        + " char_start, char_end, score, place) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ThreadTurn.Citation cite : citations) {
                ps.setLong(1, thread);
                ps.setInt(2, position);
                ps.setInt(3, cite.n());
                ps.setString(4, cite.path());
                ps.setString(5, cite.title());
                if (cite.page() == null) {
                    ps.setNull(6, Types.INTEGER);
                } else {
                    ps.setInt(6, cite.page());
                }
                ps.setString(7, cite.snippet());
                ps.setString(8, cite.passage());
                ps.setInt(9, cite.charStart());
                ps.setInt(10, cite.charEnd());
                ps.setDouble(11, cite.score());
                ps.setString(12, cite.place());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Optional<ChatThread> find(Connection c, long thread) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + THREAD_COLUMNS + " FROM threads t WHERE t.id = ?")) {
            ps.setLong(1, thread);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(thread(rs)) : Optional.empty();
            }
        }
    }

    private static ChatThread thread(ResultSet rs) throws SQLException {
        return new ChatThread(
                rs.getLong("id"),
                rs.getString("title"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"),
                rs.getInt("turns"));
    }
}
