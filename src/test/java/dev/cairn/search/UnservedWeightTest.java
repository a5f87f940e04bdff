package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The weight of a vector in a language the model does not serve, as the system property gives it. */
class UnservedWeightTest {

    @Test
    void aWeightFromNothingToAServedLanguagesIsTaken() {
        assertThat(Searcher.unservedWeight("0.25")).isEqualTo(0.25);
        assertThat(Searcher.unservedWeight("0")).isZero();
        assertThat(Searcher.unservedWeight("1")).isEqualTo(1.0);
    }

    @Test
    void anythingElseIsRefusedNamingTheProperty() {
        for (String bad : new String[] {"1.5", "-0.1", "half", "NaN", ""}) {
            assertThatThrownBy(() -> Searcher.unservedWeight(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Searcher.UNSERVED_WEIGHT_PROPERTY);
        }
    }
}
