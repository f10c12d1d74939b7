package dev.eventfold.alerting.domain;

import java.util.Arrays;
import java.util.Optional;

/** Which side of its bound a campaign-views rule alerts on. */
public enum Direction {
    ABOVE("above"), BELOW("below");

    private final String id;

    Direction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Direction> of(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }
}
