package dev.cairn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The weight of a vector in a language the model does not serve, as the system property gives it. */
class UnservedWeightTest {

    @Test
    void aWeightFromNothingToAServedLanguagesIsTaken() {
        assertThat(HybridFusion.unservedWeight("0.25")).isEqualTo(0.25);
        assertThat(HybridFusion.unservedWeight("0")).isZero();
        assertThat(HybridFusion.unservedWeight("1")).isEqualTo(1.0);
    }

    @Test
    void anythingElseIsRefusedNamingTheProperty() {
        for (String bad : new String[] {"1.5", "-0.1", "half", "NaN", ""}) {
            assertThatThrownBy(() -> HybridFusion.unservedWeight(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(HybridFusion.UNSERVED_WEIGHT_PROPERTY);
        }
    }
}
