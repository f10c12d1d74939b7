package dev.eventfold.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} that the CloudEvents distributed-tracing extension carries: the trace an
 * event belongs to, from the request that recorded it through every event derived from it. Format (W3C Trace
 * Context, section 3.2): {@code version-traceid-parentid-flags} in lower-case hex, trace id and parent id not all
 * zeros, version {@code ff} invalid; version {@code 00} has exactly these four fields, a later version may append more.
 */
public record TraceContext(String traceId, String parentId, String flags) {

    /** Largest {@code tracestate} accepted, in bytes: W3C's limit of 32 list members needs at most 512 to be kept. */
    public static final int MAX_TRACESTATE_BYTES = 512;

    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[0-9a-zA-Z._-]*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** The trace context of a valid {@code traceparent}, or empty. */
    public static Optional<TraceContext> parse(@Nullable String traceparent) {
        return traceparent == null || problem(traceparent) != null
                ? Optional.empty()
                : Optional.of(new TraceContext(traceparent.substring(3, 35), traceparent.substring(36, 52),
                        traceparent.substring(53, 55)));
    }

    /** Why a value is not a {@code traceparent}, or null when it is one. */
    public static @Nullable String problem(String traceparent) {
        var match = TRACEPARENT.matcher(traceparent);
        if (!match.matches()) {
            return "is not a W3C traceparent (version-traceid-parentid-flags, lower-case hex:"
                    + " 00-<32 hex>-<16 hex>-<2 hex>)";
        }
        if (match.group(1).equals("ff")) {
            return "has the invalid traceparent version ff";
        }
        if (match.group(1).equals("00") && match.group(5) != null) {
            return "has more fields than traceparent version 00 defines";
        }
        if (match.group(2).equals(ZERO_TRACE)) {
            return "has an all-zero trace id";
        }
        if (match.group(3).equals(ZERO_SPAN)) {
            return "has an all-zero parent id";
        }
        return null;
    }

    /** A new trace, sampled, for an event that arrived without one: its recording is the root of the trace. */
    public static TraceContext newRoot() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String hex = HEX.formatHex(bytes);
        String traceId = hex.substring(0, 32);
        String parentId = hex.substring(32);
        return new TraceContext(traceId.equals(ZERO_TRACE) ? "1" + traceId.substring(1) : traceId,
                parentId.equals(ZERO_SPAN) ? "1" + parentId.substring(1) : parentId, "01");
    }

    /** The {@code traceparent} value, version 00. */
    public String traceparent() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }
}
