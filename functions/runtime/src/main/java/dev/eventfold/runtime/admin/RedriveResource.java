package dev.eventfold.runtime.admin;

import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.runtime.processing.StateConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code POST /admin/redrive?from=…&to=…}: the operator's way to re-apply this function's dead-lettered events
 * ({@link Redrive}), with {@code X-Admin-Token} ({@code eventfold.admin.token}; unset, the endpoint is off: 404).
 * Under Knative it is cluster-local like every POST: reach it with {@code kubectl port-forward}.
 */
@Path("/admin/redrive")
public class RedriveResource {

    private final Redrive redrive;
    private final Optional<String> token;
    private final boolean folds;

    RedriveResource(Redrive redrive, StateConfig state, Instance<EventHandler> handlers) {
        this.redrive = redrive;
        this.token = state.admin().token().filter(t -> !t.isBlank());
        this.folds = handlers.isResolvable();
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-apply this function's dead-lettered events of a time window (idempotent)")
    public Response redrive(@HeaderParam("X-Admin-Token") String given, @QueryParam("from") String from,
                            @QueryParam("to") String to) {
        if (!folds) {
            return Problem.of(404, "Not found", "this application folds no events: nothing to redrive").toResponse();
        }
        if (token.isEmpty()) {
            return Problem.of(404, "Not found", "redrive is off: set eventfold.admin.token").toResponse();
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.get().getBytes(StandardCharsets.UTF_8))) {
            return Problem.of(401, "Unauthorized", "X-Admin-Token is missing or wrong").toResponse();
        }
        Instant start = time(from, "query.from", null);
        Instant end = time(to, "query.to", Instant.now());
        if (!start.isBefore(end)) {
            throw new ValidationException("query.to", "must be after from");
        }
        return Response.ok(redrive.redrive(start, end)).build();
    }

    private static Instant time(String value, String field, Instant absent) {
        if (value == null || value.isBlank()) {
            if (absent == null) {
                throw new ValidationException(field, "is required: an RFC 3339 time, e.g. 2026-12-01T10:00:00Z");
            }
            return absent;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "is not an RFC 3339 time: " + value);
        }
    }
}
