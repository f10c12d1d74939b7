package dev.eventfold.delivery.worker;

import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.runtime.outbox.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit of the worker's attempt records: a batch that finishes while a recording runs waits for the next
 * one, which takes every batch that finished meanwhile in one transaction of a few statements
 * ({@link DeliveryStore#recordWithNotices(Pool, List)}). One recording at a time per replica, so the cost per
 * attempt falls as the rate rises. A group that fails is recorded again batch by batch, so one bad record keeps
 * only its own batch's claims (they expire after the lease, as before). A recording that finished a message whose
 * subject has a later one waiting (per-subject order) wakes the worker, so the next one goes out without a poll.
 */
final class AttemptRecorder {

    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);

    private record Queued(DeliveryStore.Round round, CompletableFuture<Void> done) {
    }

    private final DeliveryStore store;
    private final Pool pool;
    private final OutboxRelay relay;
    private final Runnable wake;
    private final List<Queued> queued = new ArrayList<>();
    private boolean recording;

    AttemptRecorder(DeliveryStore store, Pool pool, OutboxRelay relay, Runnable wake) {
        this.store = store;
        this.pool = pool;
        this.relay = relay;
        this.wake = wake;
    }

    /** Records the round with the next group; completes once it is committed (fails if it could not be). */
    Uni<Void> record(DeliveryStore.Round round) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean start;
        synchronized (queued) {
            queued.add(new Queued(round, done));
            start = !recording;
            recording = true;
        }
        if (start) {
            next();
        }
        return Uni.createFrom().completionStage(done);
    }

    private void next() {
        List<Queued> group;
        synchronized (queued) {
            if (queued.isEmpty()) {
                recording = false;
                return;
            }
            group = List.copyOf(queued);
            queued.clear();
        }
        record(group).subscribe().with(v -> next(), e -> next());
    }

    private Uni<Void> record(List<Queued> group) {
        return commit(group.stream().map(Queued::round).toList())
                .invoke(() -> group.forEach(q -> q.done().complete(null)))
                .onFailure().recoverWithUni(e -> {
                    if (group.size() == 1) {
                        group.get(0).done().completeExceptionally(e);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("recording %d batches together failed (%s); one by one", group.size(), e.toString());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Queued q : group) {
                        chain = chain.chain(() -> commit(List.of(q.round()))
                                .invoke(() -> q.done().complete(null))
                                .onFailure().invoke(q.done()::completeExceptionally)
                                .onFailure().recoverWithNull().replaceWithVoid());
                    }
                    return chain;
                });
    }

    private Uni<Void> commit(List<DeliveryStore.Round> rounds) {
        return store.recordWithNotices(pool, rounds)
                .invoke(notices -> {
                    relay.relay(notices.events(), notices.outbox())
                            .subscribe().with(v -> { }, e -> { });   // never fails; the outbox keeps them
                    if (notices.successorsWaiting()) {
                        wake.run();
                    }
                })
                .replaceWithVoid();
    }
}
