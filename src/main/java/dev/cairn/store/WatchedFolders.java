package dev.cairn.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The watch list, kept in the database so it survives restarts. Paths are stored absolute and
 * normalized, the form the library stores document paths in. Thread-safe.
 */
public final class WatchedFolders {

    private static final String COLUMNS = "path, added_at, last_reconciled_at, state, error, paused, last_change_at";

    private final DataSource dataSource;

    public WatchedFolders(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Adds a folder to the list; adding one that is already there changes nothing. */
    public WatchedFolder add(Path folder) {
        String path = key(folder);
        return Jdbc.withConnection(dataSource, "add the watched folder " + path, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO watched_folders (path) VALUES (?) ON CONFLICT (path) DO NOTHING")) {
                ps.setString(1, path);
                ps.executeUpdate();
            }
            return find(c, path).orElseThrow();
        });
    }

    /** Takes a folder off the list (its documents stay in the library); false when it was not on it. */
    public boolean remove(Path folder) {
        String path = key(folder);
        return Jdbc.withConnection(dataSource, "remove the watched folder " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM watched_folders WHERE path = ?")) {
                ps.setString(1, path);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Every watched folder, by path. */
    public List<WatchedFolder> list() {
        return Jdbc.withConnection(dataSource, "list the watched folders", this::list);
    }

    /** {@link #list()} on a session the caller holds ({@link WatchLease#look}). */
    List<WatchedFolder> list(java.sql.Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM watched_folders ORDER BY path");
                ResultSet rs = ps.executeQuery()) {
            List<WatchedFolder> folders = new ArrayList<>();
            while (rs.next()) {
                folders.add(row(rs));
            }
            return folders;
        }
    }

    public Optional<WatchedFolder> find(Path folder) {
        String path = key(folder);
        return Jdbc.withConnection(dataSource, "look up the watched folder " + path, c -> find(c, path));
    }

    /** Records a full pass that finished now, clearing an earlier failure; no-op for a folder not on the list. */
    public void markReconciled(Path folder) {
        update(
                folder,
                "UPDATE watched_folders SET last_reconciled_at = now(), state = 'ACTIVE', error = NULL WHERE path = ?",
                null);
    }

    /** Records that the watch changed the library from the folder just now; no-op for a folder not on the list. */
    public void markChanged(Path folder) {
        update(folder, "UPDATE watched_folders SET last_change_at = now() WHERE path = ?", null);
    }

    /**
     * Pauses or resumes the watch on a folder; false when it is not on the list. A paused folder
     * stays on the list and is not read until it is resumed; the process that watches takes the change
     * at its next look at the list, and a resumed folder is reconciled first.
     */
    public boolean pause(Path folder, boolean paused) {
        String path = key(folder);
        return Jdbc.withConnection(dataSource, (paused ? "pause" : "resume") + " the watched folder " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watched_folders SET paused = ? WHERE path = ?")) {
                ps.setBoolean(1, paused);
                ps.setString(2, path);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Records why watching or reconciling the folder failed; no-op for a folder not on the list. */
    public void markFailed(Path folder, String error) {
        Objects.requireNonNull(error, "error");
        update(folder, "UPDATE watched_folders SET state = 'FAILED', error = ? WHERE path = ?", error);
    }

    private void update(Path folder, String sql, String error) {
        String path = key(folder);
        Jdbc.withConnection(dataSource, "update the watched folder " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (error != null) {
                    ps.setString(i++, error);
                }
                ps.setString(i, path);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<WatchedFolder> find(java.sql.Connection c, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM watched_folders WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static WatchedFolder row(ResultSet rs) throws SQLException {
        return new WatchedFolder(
                Path.of(rs.getString("path")),
                Jdbc.instant(rs, "added_at"),
                Jdbc.instant(rs, "last_reconciled_at"),
                WatchedFolder.State.valueOf(rs.getString("state")),
                rs.getString("error"),
                rs.getBoolean("paused"),
                Jdbc.instant(rs, "last_change_at"));
    }

    private static String key(Path folder) {
        return Objects.requireNonNull(folder, "folder")
                .toAbsolutePath()
                .normalize()
                .toString();
    }
}
