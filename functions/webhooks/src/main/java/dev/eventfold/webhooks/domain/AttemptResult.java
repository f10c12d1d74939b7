package dev.eventfold.webhooks.domain;

/**
 * What one delivery attempt came to: an HTTP status with the start of the response body and its
 * {@code Retry-After}, or no response at all ({@code error}: timeout, connection refused, SSRF refusal, handshake).
 */
public record AttemptResult(Integer status, String body, String retryAfter, String error, long latencyMillis) {

    public static AttemptResult response(int status, String body, String retryAfter, long latencyMillis) {
        return new AttemptResult(status, body, retryAfter, null, latencyMillis);
    }

    public static AttemptResult error(String error, long latencyMillis) {
        return new AttemptResult(null, null, null, error, latencyMillis);
    }

    public boolean succeeded() {
        return status != null && status >= 200 && status < 300;
    }
}
