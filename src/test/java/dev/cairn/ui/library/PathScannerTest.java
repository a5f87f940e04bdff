package dev.cairn.ui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dropped folder becomes: its files, folder by folder, each name in natural order. */
class PathScannerTest {

    @Test
    void aDroppedFolderIsListedFolderByFolderInNaturalOrder(@TempDir Path dir) throws Exception {
        for (String name :
                List.of("note-10.txt", "note-2.txt", "note-1.txt", "b/z.txt", "a/x-10.md", "a/x-9.md", "Note-3.txt")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }

        List<String> listed = PathScanner.scan(List.of(dir)).stream()
                .map(f -> dir.relativize(f.path()).toString().replace('\\', '/'))
                .toList();

        assertThat(listed)
                .containsExactly(
                        "a/x-9.md", "a/x-10.md", "b/z.txt", "note-1.txt", "note-2.txt", "Note-3.txt", "note-10.txt");
    }
}
