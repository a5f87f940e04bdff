package dev.cairn.ui.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        Collections.shuffle(list, new Random(7));
        list.sort(NaturalOrder.INSTANCE);
        return list;
    }

    @Test
    void numbersInNamesCompareAsNumbers() {
        assertThat(sorted("note-10.md", "note-2.md", "note-1.md", "note-100.md", "note-20.md"))
                .containsExactly("note-1.md", "note-2.md", "note-10.md", "note-20.md", "note-100.md");
    }

    @Test
    void caseDoesNotSeparateNamesButTheOrderStaysTotal() {
        assertThat(sorted("banana.txt", "Apple.txt", "apple.txt", "Cherry.txt"))
                .containsExactly("Apple.txt", "apple.txt", "banana.txt", "Cherry.txt");
        assertThat(NaturalOrder.INSTANCE.compare("a.txt", "a.txt")).isZero();
    }

    @Test
    void leadingZerosAndNumbersLongerThanALongAreHandled() {
        assertThat(sorted("scan-007.pdf", "scan-7a.pdf", "scan-08.pdf", "scan-123456789012345678901234567890.pdf"))
                .containsExactly(
                        "scan-007.pdf", "scan-7a.pdf", "scan-08.pdf", "scan-123456789012345678901234567890.pdf");
    }
}
