package dev.eventfold.runtime.processing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.http.Overloaded;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.trigger.Outcome;
import dev.eventfold.runtime.trigger.VertxContexts;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit for the Knative path: deliveries that arrive while transactions are in flight wait and then share
 * one transaction ({@link EventProcessor#processDeliveries}), so that 32 concurrent deliveries cost a few
 * transactions instead of 32. Nothing waits for a batch to fill: a delivery that finds a free slot starts a
 * transaction at once, so a lone event pays no extra latency.
 * <p>
 * The queue is bounded ({@code eventfold.funqy.max-waiting}): past it, deliveries are refused with 503 and
 * {@code Retry-After} rather than held in memory.
 * <p>
 * Ordering holds: a KafkaSource sends the next event of a partition only after the previous one was answered,
 * so two events of one subject are never in the queue, or in flight, together.
 */
@ApplicationScoped
public class GroupCommit {

    @Inject
    StateConfig config;

    @Inject
    EventProcessor processor;
    @Inject
    EventMetrics metrics;

    @PostConstruct
    void exposeQueue() {
        metrics.waiting(this::waiting);
    }

    private synchronized int waiting() {
        return queue.size();
    }

    private record Waiting(CloudEvent event, CompletableFuture<Outcome> answer) {
    }

    // guarded by this
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * Processes the event with whatever else arrived meanwhile; completes (or fails) when it is committed. Fails at
     * once with {@link Overloaded} (503, {@code Retry-After}) when {@code eventfold.funqy.max-waiting} deliveries
     * already wait.
     */
    public Uni<Outcome> submit(CloudEvent event) {
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            synchronized (this) {
                if (queue.size() >= Math.max(1, config.funqy().maxWaiting())) {
                    metrics.overloaded();
                    answer.completeExceptionally(new Overloaded(queue.size() + " deliveries already wait for a"
                            + " transaction (eventfold.funqy.max-waiting); retry later", config.funqy().retryAfter()));
                    return answer;
                }
                queue.add(new Waiting(event, answer));
            }
            startNext();
            return answer;
        });
    }

    private void startNext() {
        List<Waiting> batch = new ArrayList<>();
        synchronized (this) {
            if (inFlight >= Math.max(1, config.funqy().maxTransactions()) || queue.isEmpty()) {
                return;
            }
            inFlight++;
            while (!queue.isEmpty() && batch.size() < Math.max(1, config.funqy().maxBatch())) {
                batch.add(queue.poll());
            }
        }
        List<CloudEvent> events = batch.stream().map(Waiting::event).toList();
        VertxContexts.onEventLoop(() -> processor.processDeliveries(events)).subscribe().with(answers -> {
            finished();
            for (int i = 0; i < batch.size(); i++) {
                EventProcessor.Answer answer = answers.get(i);
                if (answer.failure() == null) {
                    batch.get(i).answer().complete(answer.outcome());
                } else {
                    batch.get(i).answer().completeExceptionally(answer.failure());
                }
            }
        }, failure -> {
            finished();
            batch.forEach(w -> w.answer().completeExceptionally(failure));
        });
    }

    private void finished() {
        synchronized (this) {
            inFlight--;
        }
        startNext();
    }
}
