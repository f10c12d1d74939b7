package dev.eventfold.ingest.api;

import dev.eventfold.ingest.publish.PublishException;
import dev.eventfold.ingest.store.StoreException;
import dev.eventfold.model.ValidationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns ingest's failures into problem answers: 400 with every invalid field, 503 (retry) for Kafka or PostgreSQL. */
public class IngestExceptionMappers {

    private static final Logger LOG = Logger.getLogger(IngestExceptionMappers.class);

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return Problems.of(400, "Invalid CloudEvent", e.violations().size() + " problem(s); nothing was recorded.",
                e.violations());
    }

    @ServerExceptionMapper
    public Response kafka(PublishException e) {
        LOG.warn("Events not acknowledged by Kafka: " + e.getMessage());
        return retryLater(e.getMessage());
    }

    @ServerExceptionMapper
    public Response store(StoreException e) {
        LOG.warn(e.getMessage());
        return retryLater("PostgreSQL is unavailable.");
    }

    private static Response retryLater(String detail) {
        return Response.fromResponse(Problems.of(503, "Try again", detail + " Retry with the same event ids."))
                .header("Retry-After", "5").build();
    }
}
