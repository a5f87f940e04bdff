package dev.cairn.ui.kit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips window tests where there is no display: JavaFX 25 has no headless platform, so they run
 * under {@code xvfb-run -a mvn test} (as CI does) and are skipped, with this reason, elsewhere.
 * Registered before TestFX's extension so no toolkit start is attempted without a display.
 */
public final class RequiresDisplay implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String display = System.getenv("DISPLAY");
        boolean linuxLike = !System.getProperty("os.name", "").toLowerCase().matches(".*(win|mac).*");
        if (linuxLike && (display == null || display.isBlank())) {
            return ConditionEvaluationResult.disabled(
                    "No DISPLAY: JavaFX window tests need a display; run them with `xvfb-run -a mvn test`");
        }
        return ConditionEvaluationResult.enabled("a display is available");
    }
}
