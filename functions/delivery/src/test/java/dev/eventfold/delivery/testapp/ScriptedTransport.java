package dev.eventfold.delivery.testapp;

import dev.eventfold.delivery.Batch;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.Transport;
import dev.eventfold.delivery.domain.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A batch transport like an integration's (at most 3 messages or 600 payload bytes per batch) whose answer per
 * message the test scripts by event id (default: delivered); it records every batch it was given.
 */
@ApplicationScoped
public class ScriptedTransport implements Transport {

    public static final String NAME = "scripted";

    private final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Function<Message, Outcome>>> script = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxBatchCount() {
        return 3;
    }

    @Override
    public long maxBatchBytes() {
        return 600;
    }

    @Override
    public Uni<List<Outcome>> send(Batch batch) {
        batches.add(batch);
        List<Outcome> outcomes = new ArrayList<>();
        for (Message message : batch.messages()) {
            Queue<Function<Message, Outcome>> next = script.get(message.eventId());
            Function<Message, Outcome> answer = next == null ? null : next.poll();
            outcomes.add(answer == null ? Outcome.delivered(200, 1, "ok") : answer.apply(message));
        }
        return Uni.createFrom().item(outcomes);
    }

    /** The next answers for one event id, in order; after them it is delivered. */
    @SafeVarargs
    public final void script(String eventId, Function<Message, Outcome>... answers) {
        script.computeIfAbsent(eventId, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    /** Every batch sent to one destination so far. */
    public List<Batch> batches(java.util.UUID destination) {
        return batches.stream().filter(b -> b.destination().id().equals(destination)).toList();
    }
}
