package dev.eventfold.model;

import java.util.List;
import java.util.stream.Collectors;

/** An event that can never apply, with every problem found, not just the first. */
public class ValidationException extends RuntimeException {

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public ValidationException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
