package dev.cairn.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcFilesTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcessTreesCpuSecondsGrowWithTheWorkItDoes() {
        long pid = ProcessHandle.current().pid();
        double before = ProcFiles.treeCpuSeconds(pid);
        long sum = 0;
        for (long t0 = System.nanoTime(); System.nanoTime() - t0 < 300_000_000L; ) {
            sum += Long.numberOfTrailingZeros(sum + t0); // keep a core busy for 0.3 s of wall time
        }
        assertThat(sum).isNotNegative();
        assertThat(before).isPositive();
        assertThat(ProcFiles.treeCpuSeconds(pid)).isGreaterThan(before);
        assertThat(ProcFiles.treeCpuSeconds(Long.MAX_VALUE))
                .as("no such process")
                .isZero();
    }
}
