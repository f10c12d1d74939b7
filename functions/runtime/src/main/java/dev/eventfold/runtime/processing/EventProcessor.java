package dev.eventfold.runtime.processing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventIdentity;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import dev.eventfold.runtime.observe.EventLog;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.outbox.OutboxRelay;
import dev.eventfold.runtime.outbox.OutboxStore;
import dev.eventfold.runtime.tenancy.ApiKeyStore;
import dev.eventfold.runtime.trigger.Outcome;
import dev.eventfold.runtime.trigger.Rejections;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The heart of every stateful function: records event identities (organization, source, id) and applies new events with the function's
 * {@link EventHandler} in one Postgres transaction, stores derived events in the outbox of that transaction and
 * hands them to the {@link OutboxRelay} after the commit, which sends them in commit order. Duplicates and types
 * the function does not consume change nothing.
 * <p>
 * Two ways in: {@link #processBatch} (the Kafka path) completes once the derived events are in Kafka, so offsets
 * advance only past emitted work; {@link #processDeliveries} (the Knative path, events that arrived as separate
 * requests) completes at the commit, because the outbox already makes the derived events durable.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    /** Types every stateful function folds for the runtime itself, whatever its handler consumes. */
    static final Set<String> CONTROL_PLANE = Set.of(EventType.API_KEY_ISSUED.type(), EventType.API_KEY_REVOKED.type());

    @Inject
    Instance<EventHandler> handlers;
    @Inject
    Instance<Pool> pools;
    @Inject
    DedupStore dedup;
    @Inject
    OutboxStore outbox;
    @Inject
    ApiKeyStore apiKeys;
    @Inject
    OutboxRelay relay;
    @Inject
    DerivedEventEmitter emitter;
    @Inject
    EventMetrics metrics;

    /** What became of one delivered event: its outcome, or the failure its request is answered with. */
    public record Answer(Outcome outcome, Throwable failure) {
    }

    /**
     * Processes one delivered event in its own transaction. Fails with a {@link ValidationException} when the
     * event can never apply (nothing is stored then), with any other exception when the fault is transient.
     */
    public Uni<Outcome> process(CloudEvent event) {
        return processDeliveries(List.of(event)).map(answers -> answers.get(0)).map(answer -> {
            if (answer.failure() != null) {
                throw answer.failure() instanceof RuntimeException e ? e : new IllegalStateException(answer.failure());
            }
            return answer.outcome();
        });
    }

    /**
     * Processes events that arrived as separate deliveries (the Knative path) in one transaction and answers each
     * once it is committed; the derived events leave through the relay without being waited for. An event that
     * can never apply is answered with its {@link ValidationException} and the rest redone without it; when the
     * transaction fails otherwise, each event is tried again in a transaction of its own, so that one event's
     * fault is not its neighbours'. Answers are in the order of {@code events}.
     */
    public Uni<List<Answer>> processDeliveries(List<CloudEvent> events) {
        Map<CloudEvent, ValidationException> rejected = new IdentityHashMap<>();
        Rejections answer400 = (event, reason) -> {
            rejected.put(event, reason);
            return Uni.createFrom().voidItem();
        };
        return processBatch(events, answer400, false)
                .map(outcomes -> {
                    List<Answer> answers = new ArrayList<>(events.size());
                    for (int i = 0; i < events.size(); i++) {
                        ValidationException reason = rejected.get(events.get(i));
                        answers.add(reason == null ? new Answer(outcomes.get(i), null) : new Answer(null, reason));
                    }
                    return answers;
                })
                .onFailure().recoverWithUni(failure -> events.size() == 1
                        ? Uni.createFrom().item(List.of(new Answer(null, failure)))
                        : Multi.createFrom().iterable(events)
                                .onItem().transformToUniAndConcatenate(e -> processDeliveries(List.of(e)).map(a -> a.get(0)))
                                .collect().asList());
    }

    /** Processes a batch in one transaction; an event that can never apply is dead-lettered and the rest redone. */
    public Uni<List<Outcome>> processBatch(List<CloudEvent> events) {
        return processBatch(events, (event, reason) -> emitter.deadLetter(event, reason.getMessage()));
    }

    /**
     * Processes a batch in one transaction (the Kafka path): all ids deduplicated in one statement, new events
     * applied in order, derived events emitted after the commit. An event that can never apply is handed to
     * {@code onRejected} and the transaction is redone without it. Outcomes are in the order of {@code events}.
     */
    public Uni<List<Outcome>> processBatch(List<CloudEvent> events, Rejections onRejected) {
        return processBatch(events, onRejected, true);
    }

    private Uni<List<Outcome>> processBatch(List<CloudEvent> events, Rejections onRejected, boolean awaitEmit) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> all = IntStream.range(0, events.size()).boxed().toList();
        return Uni.createFrom().deferred(() -> attempt(events, all, outcomes, onRejected, awaitEmit))
                .map(done -> List.of(outcomes));
    }

    private Uni<Void> attempt(List<CloudEvent> all, List<Integer> remaining, Outcome[] outcomes, Rejections onRejected,
                              boolean awaitEmit) {
        if (remaining.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CloudEvent> events = remaining.stream().map(all::get).toList();
        return processOnce(events, awaitEmit)
                .onFailure(EventProcessor::refusedAsData).transform(EventProcessor::asRejection)
                .invoke(result -> {
                    for (int i = 0; i < result.size(); i++) {
                        outcomes[remaining.get(i)] = result.get(i);
                    }
                })
                .replaceWithVoid()
                .onFailure(ValidationException.class).recoverWithUni(failure -> {
                    int pos = failure instanceof EventRejectedException rejected ? indexOf(events, rejected.event()) : -1;
                    if (pos < 0 && remaining.size() > 1) {
                        // the handler did not say which event: redo one event per transaction to find out
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (Integer index : remaining) {
                            chain = chain.chain(() -> attempt(all, List.of(index), outcomes, onRejected, awaitEmit));
                        }
                        return chain;
                    }
                    int index = remaining.get(Math.max(pos, 0));
                    CloudEvent rejected = all.get(index);
                    outcomes[index] = Outcome.DEAD_LETTERED;
                    EventLog.withEventId(rejected, () -> LOG.warnf("event %s (%s) can never apply: %s",
                            rejected.id(), rejected.type(), failure.getMessage()));
                    List<Integer> rest = new ArrayList<>(remaining);
                    rest.remove(Math.max(pos, 0));
                    return onRejected.rejected(rejected, (ValidationException) failure)
                            .chain(() -> attempt(all, rest, outcomes, onRejected, awaitEmit));
                });
    }

    /** One transaction over the events; fails as a whole. */
    private Uni<List<Outcome>> processOnce(List<CloudEvent> events, boolean awaitEmit) {
        return Uni.createFrom().deferred(() -> {
            EventHandler handler = handler();
            Set<String> consumed = new HashSet<>();
            handler.consumes().forEach(t -> consumed.add(t.type()));
            Outcome[] outcomes = new Outcome[events.size()];
            List<Integer> candidates = new ArrayList<>();
            Set<EventIdentity> seen = new HashSet<>();
            for (int i = 0; i < events.size(); i++) {
                CloudEvent event = events.get(i);
                if (!consumed.contains(event.type()) && !isApiKey(event)) {
                    outcomes[i] = Outcome.SKIPPED;
                } else if (!seen.add(event.identity())) {
                    outcomes[i] = Outcome.DUPLICATE;
                } else {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                return Uni.createFrom().item(() -> finish(events, outcomes, 0));
            }
            long start = System.nanoTime();
            Pool pool = pool();
            // a handler that records what it applies in its own table leaves the runtime only what it folds itself
            boolean handlerRecords = handler.recordsApplied();
            List<EventIdentity> ids = candidates.stream().map(events::get)
                    .filter(e -> !handlerRecords || isApiKey(e)).map(CloudEvent::identity).toList();
            Map<EventIdentity, Integer> positions = new HashMap<>();
            return pool.withTransaction(tx -> recordNew(tx, ids).chain(fresh -> {
                        List<CloudEvent> issuedKeys = new ArrayList<>();
                        List<CloudEvent> revokedKeys = new ArrayList<>();
                        List<CloudEvent> toApply = new ArrayList<>();
                        for (Integer i : candidates) {
                            CloudEvent event = events.get(i);
                            if ((!handlerRecords || isApiKey(event)) && !fresh.contains(event.identity())) {
                                outcomes[i] = Outcome.DUPLICATE;
                                continue;
                            }
                            positions.put(event.identity(), i);
                            outcomes[i] = Outcome.APPLIED;
                            if (EventType.API_KEY_ISSUED.type().equals(event.type())) {
                                issuedKeys.add(event);
                            } else if (EventType.API_KEY_REVOKED.type().equals(event.type())) {
                                revokedKeys.add(event);
                            }
                            if (consumed.contains(event.type())) {
                                toApply.add(event);
                            }
                        }
                        return apiKeys.addIssued(tx, issuedKeys)
                                .chain(() -> apiKeys.revoke(tx, revokedKeys))
                                .chain(() -> toApply.isEmpty()
                                        ? Uni.createFrom().item(List.<CloudEvent>of())
                                        : handler.applyBatch(toApply, tx, duplicate -> {
                                            Integer i = positions.get(duplicate.identity());
                                            if (i != null) {
                                                outcomes[i] = Outcome.DUPLICATE;
                                            }
                                        }))
                                .chain(derived -> outbox.add(tx, derived, !relay.behind())
                                        .map(added -> new Derived(derived, added)));
                    }))
                    .invoke(() -> metrics.transaction(candidates.size(), System.nanoTime() - start))
                    .chain(derived -> {
                        Uni<Void> sent = relay.relay(derived.events(), derived.outbox());
                        return awaitEmit ? sent : Uni.createFrom().voidItem();
                    })
                    .map(done -> finish(events, outcomes, System.nanoTime() - start));
        });
    }

    private Uni<Set<EventIdentity>> recordNew(SqlConnection tx, List<EventIdentity> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(Set.of()) : dedup.recordNew(tx, ids);
    }

    private List<Outcome> finish(List<CloudEvent> events, Outcome[] outcomes, long nanos) {
        long applied = java.util.Arrays.stream(outcomes).filter(o -> o == Outcome.APPLIED).count();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            Outcome outcome = outcomes[i];
            metrics.outcome(outcome, event.type());
            if (outcome == Outcome.APPLIED) {
                metrics.processed(event.type(), nanos / Math.max(applied, 1));
            }
            if (LOG.isDebugEnabled()) {
                EventLog.withEventId(event, () -> LOG.debugf("%s %s (%s)", outcome, event.id(), event.type()));
            }
        }
        return List.of(outcomes);
    }

    private EventHandler handler() {
        if (!handlers.isResolvable()) {
            throw new IllegalStateException("EventProcessor needs exactly one EventHandler bean in the application");
        }
        return handlers.get();
    }

    private Pool pool() {
        if (!pools.isResolvable()) {
            throw new IllegalStateException("EventProcessor needs the reactive PostgreSQL pool (quarkus-reactive-pg-client)");
        }
        return pools.get();
    }

    /**
     * PostgreSQL refused what an event carries (SQLSTATE class 22, data exception, or 23, integrity constraint
     * violation): retrying cannot help, so the event is rejected like an invalid one (narrowed down, dead-lettered
     * alone) instead of stalling the channel. Connection, lock and serialization faults stay transient.
     */
    public static boolean refusedAsData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    private static ValidationException asRejection(Throwable failure) {
        PgException pg = (PgException) failure;
        return new ValidationException("data", "refused by the database (SQLSTATE " + pg.getSqlState() + "): "
                + pg.getErrorMessage());
    }

    private static boolean isApiKey(CloudEvent event) {
        return CONTROL_PLANE.contains(event.type());
    }

    private static int indexOf(List<CloudEvent> events, CloudEvent event) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == event) {
                return i;
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).identity().equals(event.identity())) {
                return i;
            }
        }
        return -1;
    }

    private record Derived(List<CloudEvent> events, OutboxStore.Added outbox) {
    }
}
