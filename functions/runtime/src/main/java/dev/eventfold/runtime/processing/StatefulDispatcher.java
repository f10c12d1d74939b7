package dev.eventfold.runtime.processing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.trigger.EventDispatcher;
import dev.eventfold.runtime.trigger.Outcome;
import dev.eventfold.runtime.trigger.Rejections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stateful layer behind both triggers: Knative deliveries share transactions through {@link GroupCommit},
 * Kafka batches go to {@link EventProcessor#processBatch}. Control-plane events (API keys) are accepted by every
 * stateful function, whatever its handler consumes.
 */
@ApplicationScoped
public class StatefulDispatcher implements EventDispatcher {

    private final Instance<EventHandler> handlers;
    private final GroupCommit groupCommit;
    private final EventProcessor processor;
    private volatile Set<String> accepted;

    StatefulDispatcher(Instance<EventHandler> handlers, GroupCommit groupCommit, EventProcessor processor) {
        this.handlers = handlers;
        this.groupCommit = groupCommit;
        this.processor = processor;
    }

    @Override
    public boolean accepts(String type) {
        Set<String> types = accepted;
        if (types == null) {
            types = new HashSet<>();
            types.addAll(EventProcessor.CONTROL_PLANE);
            if (handlers.isResolvable()) {
                for (EventType consumed : handlers.get().consumes()) {
                    types.add(consumed.type());
                }
            }
            accepted = types;
        }
        return types.contains(type);
    }

    @Override
    public Uni<Outcome> deliver(CloudEvent event) {
        return groupCommit.submit(event);
    }

    @Override
    public Uni<List<Outcome>> deliverBatch(List<CloudEvent> events, Rejections rejected) {
        return processor.processBatch(events, rejected);
    }
}
