package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.platform.AppDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(TestDatabase.LOCK)
class WatchedFoldersTest {

    private WatchedFolders folders;

    @BeforeEach
    void emptyWatchList() throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE watched_folders");
        }
        folders = new WatchedFolders(TestDatabase.dataSource());
    }

    @Test
    void anAddedFolderIsListedAbsoluteAndNormalizedUntilRemoved() {
        Path folder = Path.of("/home/ann/notes/../notes");

        WatchedFolder added = folders.add(folder);

        assertThat(added.path()).isEqualTo(Path.of("/home/ann/notes"));
        assertThat(added.state()).isEqualTo(WatchedFolder.State.ACTIVE);
        assertThat(added.addedAt()).isNotNull();
        assertThat(added.lastReconciledAt()).isNull();
        assertThat(folders.list()).containsExactly(added);

        assertThat(folders.remove(Path.of("/home/ann/notes"))).isTrue();
        assertThat(folders.remove(Path.of("/home/ann/notes"))).isFalse();
        assertThat(folders.list()).isEmpty();
    }

    @Test
    void addingAFolderTwiceKeepsOneEntryAndItsFirstDate() {
        WatchedFolder first = folders.add(Path.of("/data/papers"));
        WatchedFolder again = folders.add(Path.of("/data/papers/"));

        assertThat(again).isEqualTo(first);
        assertThat(folders.list()).hasSize(1);
    }

    @Test
    void aFailureIsRecordedAndAReconcileClearsIt() {
        Path folder = Path.of("/mnt/usb/notes");
        folders.add(folder);

        folders.markFailed(folder, "The watched folder /mnt/usb/notes is gone or can no longer be read.");
        assertThat(folders.find(folder))
                .get()
                .extracting(WatchedFolder::state, WatchedFolder::error)
                .containsExactly(
                        WatchedFolder.State.FAILED,
                        "The watched folder /mnt/usb/notes is gone or can no longer be read.");

        folders.markReconciled(folder);
        WatchedFolder now = folders.find(folder).orElseThrow();
        assertThat(now.state()).isEqualTo(WatchedFolder.State.ACTIVE);
        assertThat(now.error()).isNull();
        assertThat(now.lastReconciledAt()).isNotNull();
    }

    @Test
    void theWatchListIsSeenByANewInstance() {
        folders.add(Path.of("/srv/wiki"));

        assertThat(new WatchedFolders(TestDatabase.dataSource()).list())
                .extracting(WatchedFolder::path)
                .containsExactly(Path.of("/srv/wiki"));
    }

    @Test
    void theWatchListSurvivesADatabaseRestart(@TempDir Path dataDir) {
        AppDirs dirs = AppDirs.resolve(dataDir);
        Database first = Database.bundled(dirs);
        try {
            Schema.migrate(first.dataSource());
            WatchedFolders list = new WatchedFolders(first.dataSource());
            list.add(Path.of("/home/ann/notes"));
            list.markReconciled(Path.of("/home/ann/notes"));
        } finally {
            first.close();
        }

        Database second = Database.bundled(dirs);
        try {
            Schema.migrate(second.dataSource());
            assertThat(new WatchedFolders(second.dataSource()).list())
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.path()).isEqualTo(Path.of("/home/ann/notes"));
                        assertThat(f.lastReconciledAt()).isNotNull();
                    });
        } finally {
            second.close();
        }
    }
}
