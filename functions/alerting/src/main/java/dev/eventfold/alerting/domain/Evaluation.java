package dev.eventfold.alerting.domain;

import java.util.List;

/** What one observation did to one rule's key state: alerts out, and whether it came too late to count. */
public record Evaluation(List<Alert> alerts, boolean late, boolean changed) {

    public static final Evaluation LATE = new Evaluation(List.of(), true, false);
    public static final Evaluation UNCHANGED = new Evaluation(List.of(), false, false);

    public static Evaluation of(List<Alert> alerts) {
        return new Evaluation(List.copyOf(alerts), false, true);
    }
}
