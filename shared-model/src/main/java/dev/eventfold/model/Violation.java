package dev.eventfold.model;

/** One problem with an event: where ({@code data.email}, {@code [3].id}) and why. */
public record Violation(String field, String message) {

    public Violation prefixed(String prefix) {
        return new Violation(prefix + (field.startsWith("[") ? "" : ".") + field, message);
    }
}
