package dev.eventfold.delivery.store;

import java.time.Instant;

/** One recorded attempt: outcome, response code, latency, the first bytes of the answer, or the error. */
public record Attempt(String messageId, Instant attemptedAt, String outcome, Integer responseCode, Integer latencyMs,
                      String responseBody, String error) {
}
