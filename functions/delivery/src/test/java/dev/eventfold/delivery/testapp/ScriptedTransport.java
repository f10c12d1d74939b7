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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

    private final Set<UUID> dead = ConcurrentHashMap.newKeySet();
    private final Map<UUID, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();

    @Override
    public Uni<List<Outcome>> send(Batch batch) {
        batches.add(batch);
        UUID destination = batch.destination().id();
        if (dead.contains(destination)) {
            return Uni.createFrom().item(batch.messages().stream()
                    .map(m -> Outcome.error("connection error: refused", 1)).toList());
        }
        CompletableFuture<Void> hold = holds.get(destination);
        if (hold != null) {
            return Uni.createFrom().completionStage(hold).map(v -> answer(batch));
        }
        return Uni.createFrom().item(answer(batch));
    }

    /** Every batch to the destination fails without an answer, until {@link #revive}. */
    public void kill(UUID destination) {
        dead.add(destination);
    }

    public void revive(UUID destination) {
        dead.remove(destination);
    }

    /** Batches to the destination hang (in flight) until {@link #release}. */
    public void hold(UUID destination) {
        holds.put(destination, new CompletableFuture<>());
    }

    public void release(UUID destination) {
        CompletableFuture<Void> hold = holds.remove(destination);
        if (hold != null) {
            hold.complete(null);
        }
    }

    private List<Outcome> answer(Batch batch) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Message message : batch.messages()) {
            Queue<Function<Message, Outcome>> next = script.get(message.eventId());
            Function<Message, Outcome> answer = next == null ? null : next.poll();
            outcomes.add(answer == null ? Outcome.delivered(200, 1, "ok") : answer.apply(message));
        }
        return outcomes;
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
