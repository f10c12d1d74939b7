package dev.eventfold.ingest.api;

import dev.eventfold.ingest.publish.PublishException;
import dev.eventfold.ingest.store.StoreException;
import dev.eventfold.runtime.http.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns ingest's transient failures (Kafka or PostgreSQL) into 503 problems with Retry-After; the runtime maps the rest. */
public class IngestExceptionMappers {

    private static final Logger LOG = Logger.getLogger(IngestExceptionMappers.class);

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
        return Response.fromResponse(Problem.of(503, "Try again", detail + " Retry with the same event ids.").toResponse())
                .header("Retry-After", "5").build();
    }
}
