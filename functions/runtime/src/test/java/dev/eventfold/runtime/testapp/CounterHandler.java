package dev.eventfold.runtime.testapp;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.runtime.processing.EventHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The test function's core: counts user-created events per subject and derives the user's state. */
@ApplicationScoped
public class CounterHandler implements EventHandler {

    public static final String NAME = "runtime-test";
    public static final String POISON = "poison";
    /** A name whose event fails transiently (as a database fault would) every time it is applied. */
    public static final String FLAKY = "flaky";
    /** A name whose event PostgreSQL refuses as data (division by zero, SQLSTATE 22012) every time. */
    public static final String REFUSED_BY_DATABASE = "refused-by-database";
    /** A name whose event holds its transaction until {@link #SLOW_GATE} opens (at most ten seconds). */
    public static final String SLOW = "slow";
    public static volatile CompletableFuture<Void> SLOW_GATE = CompletableFuture.completedFuture(null);
    /** Whether a slow event is being applied now, holding its transaction. */
    public static volatile boolean slowApplying;
    /** Whether the last apply ran on a Vert.x event-loop thread (Hibernate Reactive would need that). */
    public static volatile boolean lastApplyOnEventLoop;

    @Override
    public String functionName() {
        return NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return Set.of(EventType.USER_CREATED);
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        lastApplyOnEventLoop = io.vertx.core.Context.isOnEventLoopThread();
        UserCreated created = event.payload(UserCreated.class);
        if (POISON.equals(created.name())) {
            return Uni.createFrom().failure(new ValidationException("data.name", "is poison"));
        }
        if (FLAKY.equals(created.name())) {
            return Uni.createFrom().failure(new IllegalStateException("a transient fault of the test handler"));
        }
        if (REFUSED_BY_DATABASE.equals(created.name())) {
            return tx.query("SELECT 1 / 0").execute().replaceWith(List.of());
        }
        Uni<?> first = SLOW.equals(created.name())
                ? Uni.createFrom().completionStage(() -> {
                    slowApplying = true;
                    return SLOW_GATE;
                }).ifNoItem().after(Duration.ofSeconds(10)).recoverWithItem(() -> null).invoke(() -> slowApplying = false)
                : Uni.createFrom().voidItem();
        return first.chain(() -> tx.preparedQuery("INSERT INTO runtime_test.counters (subject, n, last_name) VALUES ($1, 1, $2) "
                        + "ON CONFLICT (subject) DO UPDATE SET n = counters.n + 1, last_name = $2 RETURNING n")
                .execute(Tuple.of(event.subject(), created.name())))
                .map(rows -> rows.iterator().next().getInteger(0))
                .map(n -> List.of(CloudEvent.of(DerivedIds.derivedId(NAME, event), "/" + NAME,
                        EventType.USER_STATE_UPDATED, event.subject(), event.time(), event.orgId(), event.actorId(),
                        new UserState(event.subject(), event.orgId(), created.name(), created.email(), created.roles(),
                                event.time(), event.time(), n, 0, null, null))));
    }
}
