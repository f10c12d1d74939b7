package dev.eventfold.runtime.trigger;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs reactive work on a Vert.x duplicated context (an event-loop thread), wherever it is called from: Funqy
 * invokes functions on worker threads, while Hibernate Reactive and context-bound APIs need the event loop.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /** The work's Uni, subscribed on the current duplicated context if there is one, else on a new one. */
    public static <T> Uni<T> onEventLoop(Supplier<Uni<T>> work) {
        if (Context.isOnEventLoopThread() && VertxContext.isOnDuplicatedContext()) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean done = new AtomicBoolean();
            VertxContextSupport.<T>subscribe(() -> Uni.createFrom().deferred(work::get).toMulti(), subscribe -> subscribe.with(
                    item -> {
                        if (done.compareAndSet(false, true)) {
                            emitter.complete(item);
                        }
                    },
                    failure -> {
                        if (done.compareAndSet(false, true)) {
                            emitter.fail(failure);
                        }
                    },
                    () -> {
                        if (done.compareAndSet(false, true)) {
                            emitter.complete(null);
                        }
                    }));
        });
    }
}
