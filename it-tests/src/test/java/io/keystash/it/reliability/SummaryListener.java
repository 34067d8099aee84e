package io.keystash.it.reliability;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Marks failed (and skipped) reliability tests in the {@link Summary}, and at the end of the run writes
 * {@code target/reliability-summary.md} and prints it, so the CI log shows the figures.
 * Registered through {@code META-INF/services}.
 */
public final class SummaryListener implements TestExecutionListener {
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                && test.getSource().orElse(null) instanceof MethodSource method
                && method.getClassName().startsWith(Summary.class.getPackageName() + ".")) {
            String type = method.getClassName().substring(method.getClassName().lastIndexOf('.') + 1);
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                // An assumption not met (a JDK not installed here): skipped, not failed.
                Summary.skipped(type, method.getMethodName(), result.getThrowable().map(Throwable::getMessage).orElse("assumption not met"));
            } else {
                Summary.failed(type, method.getMethodName() + " (" + result.getStatus() + ")");
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (Summary.empty()) {
            return;
        }
        Summary.write();
        System.out.println("\n[keystash-it] reliability summary (" + Summary.file().toAbsolutePath() + "):\n");
        System.out.println(Summary.markdown());
    }
}
