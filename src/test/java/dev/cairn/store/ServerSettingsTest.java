package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private static final long GB = 1L << 30;

    @Test
    void aLargeMachineGetsTheCeilings() {
        Map<String, String> s = ServerSettings.forMachine(32 * GB, 16);
        assertThat(s)
                .containsEntry("shared_buffers", "512MB")
                .containsEntry("maintenance_work_mem", "1024MB")
                .containsEntry("max_parallel_maintenance_workers", "4")
                .containsEntry("effective_cache_size", "8192MB");
    }

    @Test
    void aSmallMachineKeepsItsMemoryForEverythingElse() {
        Map<String, String> s = ServerSettings.forMachine(4 * GB, 2);
        assertThat(s)
                .containsEntry("shared_buffers", "256MB")
                .containsEntry("maintenance_work_mem", "512MB")
                .containsEntry("max_parallel_maintenance_workers", "1");
    }

    @Test
    void durabilityAndIsolationAreNeverTradedAway() {
        Map<String, String> s = ServerSettings.forMachine(8 * GB, 4);
        assertThat(s)
                .containsEntry("fsync", "on")
                .containsEntry("full_page_writes", "on")
                .containsEntry("listen_addresses", "127.0.0.1")
                .containsEntry("password_encryption", "scram-sha-256");
    }
}
