package dev.eventfold.ingest.api;

import dev.eventfold.ingest.publish.PublishException;
import dev.eventfold.ingest.store.StoreException;
import dev.eventfold.model.Text;
import dev.eventfold.runtime.http.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns ingest's transient failures (Kafka or PostgreSQL) into 503 problems with Retry-After, and JAX-RS's own
 * refusals (404, 405, 406, 415, …, which RESTEasy answers with an empty body) into problems naming the header at
 * fault; the runtime maps {@code ValidationException} and {@code ProblemException}.
 */
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

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null ? reason + "." : Text.printable(e.getMessage());
        Problem problem = switch (status) {
            case 406 -> HttpProblems.of(status, reason, detail, HttpHeaders.ACCEPT);
            case 415 -> HttpProblems.of(status, reason, detail, HttpHeaders.CONTENT_TYPE);
            default -> Problem.of(status, reason, detail);
        };
        Response.ResponseBuilder answer = Response.fromResponse(problem.toResponse());
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase(HttpHeaders.ALLOW)) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return answer.build();
    }

    private static Response retryLater(String detail) {
        return Response.fromResponse(Problem.of(503, "Try again", detail + " Retry with the same event ids.").toResponse())
                .header("Retry-After", "5").build();
    }
}
