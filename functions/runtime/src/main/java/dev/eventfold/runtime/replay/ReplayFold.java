package dev.eventfold.runtime.replay;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Topic;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a stateful function gives {@link ProjectionReplay}: its projection's versions and migrations, the types it
 * consumes, and its batch fold into a given version (the same write path its live handler uses on the active one).
 */
public interface ReplayFold {

    /** The kebab-case function name: the replay's consumer groups are {@code <name>-replay-<version>}. */
    String functionName();

    /** The projection's schema versions (base schema = the function's {@code eventfold.schema}). */
    ProjectionVersions versions();

    /** The Flyway location of the projection's migrations, e.g. {@code classpath:db/user_aggregator}. */
    String migrations();

    /** The event types folded; records of other types are read past. */
    Set<EventType> consumes();

    /** The topics read: those of the consumed types. */
    default Set<Topic> topics() {
        Set<Topic> topics = new LinkedHashSet<>();
        consumes().forEach(type -> topics.add(type.topic()));
        return topics;
    }

    /**
     * Applies {@code events}, in order, to version {@code schema} within {@code tx}, each at most once: it records
     * them in {@code <schema>.applied_events} ({@link AppliedEvents}) and folds only those not recorded before.
     * Returns the derived events (sent only with {@code --emit}). Throws
     * {@link dev.eventfold.runtime.processing.EventRejectedException} naming an event that can never apply.
     */
    Uni<List<CloudEvent>> applyTo(String schema, List<CloudEvent> events, SqlConnection tx);

    /**
     * Runs in the switch's transaction, live writers held, after the drain and before the pointer moves from
     * {@code from} to {@code to}: e.g. to carry per-entity sequences over so that derived events keep growing.
     */
    default Uni<Void> beforeSwitch(SqlConnection tx, String from, String to) {
        return Uni.createFrom().voidItem();
    }
}
