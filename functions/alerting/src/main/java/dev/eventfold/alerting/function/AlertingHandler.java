package dev.eventfold.alerting.function;

import dev.eventfold.alerting.domain.AlertEvents;
import dev.eventfold.alerting.domain.AlertingCore;
import dev.eventfold.alerting.domain.Evaluation;
import dev.eventfold.alerting.domain.Observation;
import dev.eventfold.alerting.domain.Observations;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.alerting.domain.RuleKind;
import dev.eventfold.alerting.store.KeyStateStore;
import dev.eventfold.alerting.store.RuleStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.processing.EventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the runtime calls for each new input event, from either trigger: the event's organization's enabled rules
 * that read its type, each with its locked key state, through the pure core; changed state is written back and
 * the alerts returned for the outbox, all in the runtime's transaction.
 */
@ApplicationScoped
public class AlertingHandler implements EventHandler {

    /** Events ignored because their window had closed more than the allowed lateness before. */
    public static final String LATE_EVENTS = "eventfold.alerting.late-events";

    @Inject
    RuleStore rules;
    @Inject
    KeyStateStore states;
    @Inject
    AlertingConfig config;
    @Inject
    MeterRegistry registry;

    @Override
    public String functionName() {
        return AlertingCore.FUNCTION_NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return AlertingCore.CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        List<RuleKind> kinds = RuleKind.reading(event.type());
        if (event.orgId() == null || kinds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return rules.enabled(tx, event.orgId(), kinds)
                .onItem().transformToMulti(found -> Multi.createFrom().iterable(found))
                .onItem().transformToUniAndConcatenate(rule -> apply(rule, event, tx))
                .collect().<List<CloudEvent>>in(ArrayList::new, List::addAll);
    }

    private Uni<List<CloudEvent>> apply(Rule rule, CloudEvent event, SqlConnection tx) {
        Optional<Observation> observation = Observations.of(rule, event);
        if (observation.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String key = observation.get().key();
        return states.lock(tx, rule, key).chain(state -> {
            Evaluation evaluation = AlertingCore.evaluate(rule, state, observation.get(), config.allowedLateness());
            if (evaluation.late()) {
                registry.counter(LATE_EVENTS, "kind", rule.kind().id()).increment();
            }
            List<CloudEvent> alerts = evaluation.alerts().stream().map(AlertEvents::toEvent).toList();
            return evaluation.changed()
                    ? states.save(tx, rule, key, state).replaceWith(alerts)
                    : Uni.createFrom().item(alerts);
        });
    }
}
