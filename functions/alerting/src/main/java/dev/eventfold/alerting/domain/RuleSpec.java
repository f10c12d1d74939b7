package dev.eventfold.alerting.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule as a client writes it (JSON), checked to the letter with every problem reported: the kind, only the
 * fields that kind knows, a positive window of at most {@link #MAX_WINDOW}, thresholds in range. Defaults:
 * failed logins 5 in {@code PT10M}; campaign views {@code PT1H} windows and 3 trailing windows.
 */
public record RuleSpec(
        RuleKind kind,
        @Nullable String name,
        @Nullable Duration window,
        @Nullable Double threshold,
        @Nullable Direction direction,
        @Nullable Double multiple,
        @Nullable Integer trailingWindows,
        @Nullable String watchedField,
        @Nullable String watchedValue) {

    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    public static final int MAX_COUNT = 100_000;
    public static final double MAX_VIEWS = 1e9;
    public static final double MAX_MULTIPLE = 1000;
    public static final int MAX_TRAILING = 168;
    /** The fields a user-state-change rule can watch, and how (the value gained). */
    public static final Set<String> WATCHABLE = Set.of("roles");

    private static final Set<String> COMMON = Set.of("kind", "name");
    private static final Map<RuleKind, Set<String>> FIELDS = Map.of(
            RuleKind.FAILED_LOGINS_PER_USER, Set.of("window", "threshold"),
            RuleKind.FAILED_LOGINS_PER_IP, Set.of("window", "threshold"),
            RuleKind.CAMPAIGN_VIEWS, Set.of("window", "direction", "threshold", "multiple", "trailingWindows"),
            RuleKind.NEW_COUNTRY, Set.of(),
            RuleKind.USER_STATE_CHANGE, Set.of("field", "gained"));

    /** Parses and checks a rule; throws with every violation found. */
    public static RuleSpec parse(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "must be a JSON object");
        }
        JsonNode kindNode = body.get("kind");
        RuleKind kind = kindNode != null && kindNode.isTextual() ? RuleKind.of(kindNode.asText()).orElse(null) : null;
        if (kind == null) {
            throw new ValidationException("kind", "must be one of " + java.util.Arrays.stream(RuleKind.values())
                    .map(RuleKind::id).toList());
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!COMMON.contains(field) && !FIELDS.get(kind).contains(field)) {
                violations.add(new Violation(field, "unknown field for kind " + kind.id()));
            }
        }
        String name = text(body, "name", 200, false, violations);
        Duration window = null;
        Double threshold = null;
        Direction direction = null;
        Double multiple = null;
        Integer trailing = null;
        String field = null;
        String gained = null;
        switch (kind) {
            case FAILED_LOGINS_PER_USER, FAILED_LOGINS_PER_IP -> {
                window = window(body, Duration.ofMinutes(10), violations);
                threshold = number(body, "threshold", 5.0, 1, MAX_COUNT, true, violations);
            }
            case CAMPAIGN_VIEWS -> {
                window = window(body, Duration.ofHours(1), violations);
                String dir = text(body, "direction", 10, true, violations);
                direction = dir == null ? null : Direction.of(dir).orElse(null);
                if (dir != null && direction == null) {
                    violations.add(new Violation("direction", "must be above or below"));
                }
                threshold = number(body, "threshold", null, 0, MAX_VIEWS, false, violations);
                multiple = number(body, "multiple", null, Double.MIN_VALUE, MAX_MULTIPLE, false, violations);
                if (body.has("threshold") == body.has("multiple")) {
                    violations.add(new Violation("threshold", "give exactly one of threshold and multiple"));
                }
                Double t = number(body, "trailingWindows", body.has("multiple") ? 3.0 : null, 1, MAX_TRAILING, true,
                        violations);
                trailing = t == null ? null : t.intValue();
            }
            case NEW_COUNTRY -> {
            }
            case USER_STATE_CHANGE -> {
                field = text(body, "field", 50, true, violations);
                if (field != null && !WATCHABLE.contains(field)) {
                    violations.add(new Violation("field", "unknown field " + field + ", watchable: " + WATCHABLE));
                }
                gained = text(body, "gained", 100, true, violations);
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new RuleSpec(kind, name, window, threshold, direction, multiple, trailing, field, gained);
    }

    public Rule toRule(String id, String orgId) {
        return new Rule(id, orgId, kind, window, threshold, direction, multiple, trailingWindows, watchedField,
                watchedValue);
    }

    private static Duration window(JsonNode body, Duration fallback, List<Violation> violations) {
        JsonNode node = body.get("window");
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            Duration window = Duration.parse(node.asText());
            if (!node.isTextual() || window.isNegative() || window.isZero()) {
                violations.add(new Violation("window", "must be a positive ISO-8601 duration, e.g. PT10M"));
            } else if (window.compareTo(MAX_WINDOW) > 0 || window.toMillis() % 1000 != 0) {
                violations.add(new Violation("window", "must be whole seconds, at most " + MAX_WINDOW));
            }
            return window;
        } catch (DateTimeParseException e) {
            violations.add(new Violation("window", "must be an ISO-8601 duration, e.g. PT10M"));
            return null;
        }
    }

    private static Double number(JsonNode body, String field, Double fallback, double min, double max,
                                 boolean integral, List<Violation> violations) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || (integral && !node.canConvertToExactIntegral())) {
            violations.add(new Violation(field, integral ? "must be an integer" : "must be a number"));
            return null;
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            violations.add(new Violation(field, "must be between " + (min == Double.MIN_VALUE ? "0 (exclusive)" : min)
                    + " and " + max));
            return null;
        }
        return value;
    }

    private static String text(JsonNode body, String field, int maxLength, boolean required,
                               List<Violation> violations) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
            violations.add(new Violation(field, "must be a non-blank string of at most " + maxLength + " characters"));
            return null;
        }
        return node.asText();
    }
}
