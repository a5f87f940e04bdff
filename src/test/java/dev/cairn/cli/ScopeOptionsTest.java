package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScopeOptionsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    @Test
    void sinceTakesADateOrASpanBackFromToday() {
        assertThat(ScopeOptions.since("2026-11-01", TODAY)).isEqualTo(day(2026, 11, 1));
        assertThat(ScopeOptions.since("30d", TODAY)).isEqualTo(day(2026, 11, 5));
        assertThat(ScopeOptions.since("2w", TODAY)).isEqualTo(day(2026, 11, 21));
        assertThat(ScopeOptions.since(" 6M ", TODAY)).isEqualTo(day(2026, 6, 5));
        assertThat(ScopeOptions.since("1y", TODAY)).isEqualTo(day(2025, 12, 5));
    }

    @Test
    void anythingElseIsRefusedInWords() {
        assertThatThrownBy(() -> ScopeOptions.since("last week", TODAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--since takes a date such as 2026-11-01, or a span such as 30d, 2w, 6m or 1y; not 'last week'.");
    }

    private static java.time.Instant day(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
}
