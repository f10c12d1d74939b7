package dev.eventfold.delivery.worker;

import dev.eventfold.delivery.store.Wakeups;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * {@code LISTEN}s on the schema's delivery channel over one dedicated connection (the reactive datasource's URL
 * and credentials, outside the pool) and wakes the worker on every other replica's enqueue or replay. It reconnects
 * after a lost connection, and wakes the worker on each (re)subscription, since notifications sent meanwhile are
 * lost; the poll covers whatever it misses while down.
 */
@ApplicationScoped
public class WakeupListener {

    private static final Logger LOG = Logger.getLogger(WakeupListener.class);
    private static final long RECONNECT_MILLIS = 1000;

    @Inject
    Vertx vertx;
    @Inject
    Wakeups wakeups;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private PgSubscriber subscriber;

    /** Subscribes; {@code wake} runs on each notification from another replica and once per (re)subscription. */
    synchronized void start(Runnable wake) {
        if (url.isEmpty()) {
            LOG.warnf("no quarkus.datasource.reactive.url: not listening on %s (polling only)", wakeups.channel());
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get().replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
        // a lost connection is opened again (forever, once a second); notifications of the gap are lost, hence
        // the wake-up on every subscription
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MILLIS);
        String own = wakeups.replica();
        subscriber.channel(wakeups.channel())
                .subscribeHandler(wake)
                .handler(from -> {
                    if (!own.equals(from)) {
                        wake.run();
                    }
                });
        connect(subscriber);
    }

    /** The first connection, tried again until it is made (the reconnect policy covers only a lost one). */
    private void connect(PgSubscriber current) {
        current.connect().subscribe().with(
                ok -> LOG.debugf("listening on %s", wakeups.channel()),
                e -> {
                    LOG.warnf("cannot listen on %s yet (polling meanwhile): %s", wakeups.channel(), e.toString());
                    vertx.setTimer(RECONNECT_MILLIS, id -> {
                        synchronized (this) {
                            if (subscriber == current) {
                                connect(current);
                            }
                        }
                    });
                });
    }

    synchronized void stop() {
        if (subscriber != null) {
            subscriber.closeAndForget();
            subscriber = null;
        }
    }
}
