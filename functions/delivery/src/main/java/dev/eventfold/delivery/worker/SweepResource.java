package dev.eventfold.delivery.worker;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * The due-attempt sweep a Knative PingSource POSTs on a schedule, so that retries come due while no pod ran are
 * sent (the request itself wakes a pod). Every function on the library serves it; cluster-local like the Funqy
 * endpoint: it only delivers what is due.
 */
@Path("/sweep")
public class SweepResource {

    @Inject
    DeliveryWorker worker;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Integer>> sweep() {
        return worker.sweep().map(attempts -> Map.of("attempts", attempts));
    }
}
