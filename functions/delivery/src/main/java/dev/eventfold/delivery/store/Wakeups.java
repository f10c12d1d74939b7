package dev.eventfold.delivery.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * The queue's wake-up signal: once a write that made messages due now commits, this replica's worker is woken in
 * the process, and every other replica by the {@code NOTIFY} on {@link #channel()} that the same transaction
 * carried (its payload names the sending replica, which ignores its own).
 */
@ApplicationScoped
public class Wakeups {

    private final String replica = UUID.randomUUID().toString();
    private volatile Runnable worker = () -> { };

    @Inject
    RuntimeConfig config;

    /** The schema's delivery channel: a function's replicas wake each other, other functions on the database do not. */
    public String channel() {
        return config.schema() + ".delivery";
    }

    /** This replica's name in the notifications it sends. */
    public String replica() {
        return replica;
    }

    /** What a wake-up runs: the worker's coalescing {@code wake()}. */
    public void onWake(Runnable worker) {
        this.worker = worker;
    }

    public void wake() {
        worker.run();
    }

    /** Wakes the worker once what {@code client} wrote is committed: at the end of its transaction, or now if it has none. */
    void afterCommit(SqlClient client) {
        Transaction tx = client instanceof SqlConnection connection ? connection.transaction() : null;
        if (tx == null) {
            wake();
        } else {
            tx.completion().subscribe().with(committed -> wake(), rolledBack -> { });
        }
    }
}
