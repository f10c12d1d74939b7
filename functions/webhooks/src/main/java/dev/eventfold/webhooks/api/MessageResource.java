package dev.eventfold.webhooks.api;

import dev.eventfold.delivery.store.Attempt;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.QueuedMessage;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's deliveries, scoped to the caller's organization: its messages (e.g. the failed ones), its
 * attempts, and replay of one message (by its event id, the {@code webhook-id}) or of all failed (or all) since a time.
 */
@Path("/endpoints/{id}")
@TenantScoped
@SecurityRequirement(name = "api-key")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    @Inject
    Tenant tenant;
    @Inject
    DeliveryStore store;
    @Inject
    Pool pool;
    @Inject
    Clock clock;

    @GET
    @Path("/messages")
    public Uni<List<QueuedMessage>> messages(@PathParam("id") String id, @QueryParam("status") String status,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        if (status != null && !List.of("pending", "succeeded", "failed").contains(status)) {
            throw EndpointResource.invalid("status must be pending, succeeded or failed");
        }
        return endpoint(id).chain(endpoint -> store.messages(pool, endpoint, status, bounded(limit)));
    }

    @GET
    @Path("/attempts")
    public Uni<List<Attempt>> attempts(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit) {
        return endpoint(id).chain(endpoint -> store.attempts(pool, endpoint, bounded(limit)));
    }

    /** Delivers the message again now (with a fresh retry budget), whatever became of it; 404 when it is not this endpoint's. */
    @POST
    @Path("/messages/{messageId}/replay")
    public Uni<Map<String, Integer>> replayOne(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        return endpoint(id).chain(endpoint -> store.replay(pool, endpoint, messageId, null, false, clock.instant()))
                .map(count -> {
                    if (count == 0) {
                        throw new dev.eventfold.runtime.http.ProblemException(404, "Not Found",
                                "no delivered or failed message " + messageId + " for endpoint " + id);
                    }
                    return Map.of("replayed", count);
                });
    }

    /** Replays every failed message (or, with {@code status=all}, every finished one) created since a time. */
    @POST
    @Path("/replay")
    public Uni<Map<String, Integer>> replaySince(@PathParam("id") String id, @QueryParam("since") String since,
                                                 @QueryParam("status") @DefaultValue("failed") String status) {
        Instant from;
        try {
            from = since == null ? null : OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            from = null;
        }
        if (from == null) {
            throw EndpointResource.invalid("since must be an RFC 3339 time, e.g. 2026-12-01T00:00:00Z");
        }
        if (!status.equals("failed") && !status.equals("all")) {
            throw EndpointResource.invalid("status must be failed or all");
        }
        Instant start = from;
        return endpoint(id).chain(endpoint -> store.replay(pool, endpoint, null, start, status.equals("failed"), clock.instant()))
                .map(count -> Map.of("replayed", count));
    }

    private Uni<java.util.UUID> endpoint(String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> EndpointResource.owned(id, org)).map(e -> e.id);
    }

    private static int bounded(int limit) {
        return Math.max(1, Math.min(limit, 1000));
    }
}
