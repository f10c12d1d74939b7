package dev.eventfold.alerting.api;

import java.util.List;

/** The organization's rules, oldest first. */
public record RuleList(List<RuleView> items) {
}
