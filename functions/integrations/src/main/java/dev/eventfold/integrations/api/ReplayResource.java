package dev.eventfold.integrations.api;

import dev.eventfold.integrations.replay.ReplayRunner;
import dev.eventfold.integrations.store.ReplayStore;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Replays of the log into one of the organization's destinations, and their progress. */
@Path("/destinations/{id}/replays")
@TenantScoped
@Tag(name = "destinations")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {

    @Inject
    Tenant tenant;
    @Inject
    ReplayRunner runner;
    @Inject
    ReplayStore store;
    @Inject
    Pool pool;

    @POST
    @Operation(summary = "Send the log's past events to this destination (202; progress in GET)",
            description = "Reads users and visits.enriched from the beginning up to their current end; events already queued for this destination are not queued again")
    public Uni<Response> start(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> DestinationResource.owned(id, org))
                .chain(d -> runner.start(d.id, org))
                .map(replay -> Response.accepted(replay).build());
    }

    @GET
    @Operation(summary = "This destination's replays, newest first: status, records read of the total, events matched, messages queued")
    public Uni<List<ReplayStore.Replay>> list(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> DestinationResource.owned(id, org)).chain(d -> store.list(pool, d.id, org));
    }
}
