package dev.eventfold.geoenricher.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Maps a failed Funqy invocation to the Knative status contract: a {@link ValidationException} (an event that
 * can never apply) becomes 400 {@code application/problem+json} listing every violation in {@code errors}, so
 * the KafkaSource
 * dead-letters it; every other failure keeps Quarkus's 500, so the KafkaSource retries.
 */
@ApplicationScoped
public class ValidationProblemHandler {

    void register(@Observes Router router) {
        router.route().order(-100).failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        ValidationException invalid = find(context.failure());
        if (invalid == null || context.response().headWritten()) {
            context.next();
            return;
        }
        // the same problem body as function-runtime's Problem.invalid, which this stateless function does not load
        ObjectNode problem = Json.MAPPER.createObjectNode();
        problem.put("type", "https://eventfold.dev/problems/invalid-event");
        problem.put("title", "Invalid event");
        problem.put("status", 400);
        problem.put("detail", invalid.violations().size() + " problem(s) found: " + invalid.getMessage());
        ArrayNode violations = problem.putArray("errors");
        for (Violation violation : invalid.violations()) {
            violations.addObject().put("field", violation.field()).put("message", violation.message());
        }
        context.response().setStatusCode(400)
                .putHeader("Content-Type", "application/problem+json")
                .end(problem.toString());
    }

    private static ValidationException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ValidationException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
