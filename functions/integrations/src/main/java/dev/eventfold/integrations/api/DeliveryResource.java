package dev.eventfold.integrations.api;

import dev.eventfold.delivery.store.Attempt;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.QueuedMessage;
import dev.eventfold.model.Violation;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** A destination's queued messages (why a failed one failed) and attempts, scoped to the caller's organization. */
@Path("/destinations/{id}")
@TenantScoped
@Tag(name = "destinations")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    static final int MAX_LIMIT = 500;

    @Inject
    Tenant tenant;
    @Inject
    DeliveryStore store;
    @Inject
    Pool pool;

    @GET
    @Path("/messages")
    @Operation(summary = "Messages newest first, optionally of one status (pending, succeeded, failed); failure says why")
    public Uni<List<QueuedMessage>> messages(@PathParam("id") String id, @QueryParam("status") String status,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        if (status != null && !List.of("pending", "succeeded", "failed").contains(status)) {
            throw DestinationResource.invalid(List.of(new Violation("status", "must be pending, succeeded or failed")));
        }
        String org = tenant.orgId();
        return Panache.withSession(() -> DestinationResource.owned(id, org))
                .chain(d -> store.messages(pool, d.id, status, bounded(limit)));
    }

    @GET
    @Path("/attempts")
    @Operation(summary = "Attempts newest first: outcome, the tool's status code, latency, the first KiB of its answer")
    public Uni<List<Attempt>> attempts(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit) {
        String org = tenant.orgId();
        return Panache.withSession(() -> DestinationResource.owned(id, org))
                .chain(d -> store.attempts(pool, d.id, bounded(limit)));
    }

    private static int bounded(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DestinationResource.invalid(List.of(new Violation("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        return limit;
    }
}
