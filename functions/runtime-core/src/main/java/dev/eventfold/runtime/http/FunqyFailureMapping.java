package dev.eventfold.runtime.http;

import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Funqy answers 500 for every failure of a function; this Vert.x failure handler, registered ahead of Quarkus's
 * last-resort error handler, answers 400 with a problem body when the failure is a {@link ValidationException}
 * (an event that can never apply, which the KafkaSource then sends to its dead-letter sink), and 503 with
 * {@code Retry-After} when it is {@link Overloaded} (the function's bounded queue is full: the KafkaSource retries).
 */
@ApplicationScoped
public class FunqyFailureMapping {

    private static final Logger LOG = Logger.getLogger(FunqyFailureMapping.class);

    void install(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Overloaded overloaded = find(ctx.failure(), Overloaded.class);
        if (overloaded != null) {
            try {
                ctx.response().setStatusCode(503)
                        .putHeader("Retry-After", overloaded.retryAfterSeconds())
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(Json.MAPPER.writeValueAsString(new Problem("about:blank", "Service unavailable", 503,
                                overloaded.getMessage(), java.util.List.of())));
            } catch (Exception e) {
                ctx.next();
            }
            return;
        }
        ValidationException invalid = find(ctx.failure(), ValidationException.class);
        if (invalid == null) {
            ctx.next();
            return;
        }
        LOG.warnf("rejected %s %s: %s", ctx.request().method(), ctx.request().path(), invalid.getMessage());
        try {
            ctx.response().setStatusCode(400)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.MAPPER.writeValueAsString(Problem.invalid(invalid)));
        } catch (Exception e) {
            ctx.next();
        }
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
