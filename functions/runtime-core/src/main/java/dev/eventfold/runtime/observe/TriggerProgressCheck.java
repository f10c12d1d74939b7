package dev.eventfold.runtime.observe;

import dev.eventfold.runtime.config.FunctionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Readiness of the pull trigger's progress: DOWN while a batch has been failing for longer than
 * {@code eventfold.kafka-trigger.stall-after} (the trigger retries it without skipping, so nothing behind it moves
 * for any tenant), with since when and the last error; UP again once a batch completes.
 */
@Readiness
@ApplicationScoped
public class TriggerProgressCheck implements HealthCheck {

    public static final String NAME = "eventfold-kafka-trigger";

    private final Duration stallAfter;
    private volatile Instant failingSince;
    private volatile String lastError;

    TriggerProgressCheck(FunctionConfig config) {
        this.stallAfter = config.kafkaTrigger().stallAfter();
    }

    /** A batch failed and is about to be retried. */
    public void failed(Throwable error) {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastError = error.toString();
    }

    /** A batch completed: the channel moves. */
    public void progressed() {
        failingSince = null;
        lastError = null;
    }

    @Override
    public HealthCheckResponse call() {
        Instant since = failingSince;
        if (since == null || Duration.between(since, Instant.now()).compareTo(stallAfter) < 0) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        return HealthCheckResponse.named(NAME).down()
                .withData("failing-since", since.toString())
                .withData("last-error", String.valueOf(lastError))
                .build();
    }
}
