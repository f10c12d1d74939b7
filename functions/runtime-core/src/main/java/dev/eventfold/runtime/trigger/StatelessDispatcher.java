package dev.eventfold.runtime.trigger;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.observe.EventTracing;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stateless layer: each event through the function's {@link StatelessHandler}, its derived events straight to
 * Kafka (at-least-once; their ids are deterministic). The default dispatcher; function-runtime replaces it with the
 * stateful one.
 */
@DefaultBean
@ApplicationScoped
public class StatelessDispatcher implements EventDispatcher {

    private final Instance<StatelessHandler> handlers;
    private final DerivedEventEmitter emitter;
    private final EventMetrics metrics;
    private volatile Set<String> consumed;

    StatelessDispatcher(Instance<StatelessHandler> handlers, DerivedEventEmitter emitter, EventMetrics metrics) {
        this.handlers = handlers;
        this.emitter = emitter;
        this.metrics = metrics;
    }

    @Override
    public boolean accepts(String type) {
        return consumed().contains(type);
    }

    @Override
    public Uni<Outcome> deliver(CloudEvent event) {
        if (!accepts(event.type())) {
            metrics.outcome(Outcome.SKIPPED, event.type());
            return Uni.createFrom().item(Outcome.SKIPPED);
        }
        long start = System.nanoTime();
        return Uni.createFrom().item(() -> EventTracing.derivedFrom(event, handler().handle(event)))
                .chain(emitter::emit)
                .map(sent -> applied(event, start));
    }

    @Override
    public Uni<List<Outcome>> deliverBatch(List<CloudEvent> events, Rejections rejected) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            List<Outcome> outcomes = new ArrayList<>(events.size());
            List<CloudEvent> derived = new ArrayList<>();
            Uni<Void> rejections = Uni.createFrom().voidItem();
            for (CloudEvent event : events) {
                if (!accepts(event.type())) {
                    outcomes.add(Outcome.SKIPPED);
                    continue;
                }
                try {
                    derived.addAll(EventTracing.derivedFrom(event, handler().handle(event)));
                    outcomes.add(Outcome.APPLIED);
                } catch (ValidationException invalid) {
                    outcomes.add(Outcome.DEAD_LETTERED);
                    rejections = rejections.chain(() -> rejected.rejected(event, invalid));
                }
            }
            return rejections.chain(() -> emitter.emit(derived)).map(sent -> {
                long perEvent = (System.nanoTime() - start) / Math.max(events.size(), 1);
                for (int i = 0; i < events.size(); i++) {
                    metrics.outcome(outcomes.get(i), events.get(i).type());
                    if (outcomes.get(i) == Outcome.APPLIED) {
                        metrics.processed(events.get(i).type(), perEvent);
                    }
                }
                return outcomes;
            });
        });
    }

    private Outcome applied(CloudEvent event, long start) {
        metrics.outcome(Outcome.APPLIED, event.type());
        metrics.processed(event.type(), System.nanoTime() - start);
        return Outcome.APPLIED;
    }

    private Set<String> consumed() {
        Set<String> types = consumed;
        if (types == null) {
            types = new HashSet<>();
            for (EventType type : handler().consumes()) {
                types.add(type.type());
            }
            consumed = types;
        }
        return types;
    }

    private StatelessHandler handler() {
        if (!handlers.isResolvable()) {
            throw new IllegalStateException("a function on runtime-core alone needs exactly one StatelessHandler bean");
        }
        return handlers.get();
    }
}
