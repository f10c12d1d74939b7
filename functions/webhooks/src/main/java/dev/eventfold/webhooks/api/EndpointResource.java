package dev.eventfold.webhooks.api;

import dev.eventfold.delivery.Destination;
import dev.eventfold.delivery.NewMessage;
import dev.eventfold.delivery.http.SsrfGuard;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.EndpointTested;
import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import dev.eventfold.webhooks.WebhooksConfig;
import dev.eventfold.webhooks.delivery.WebhookTransport;
import dev.eventfold.webhooks.domain.Patterns;
import dev.eventfold.webhooks.domain.Secrets;
import dev.eventfold.webhooks.function.WebhooksHandler;
import dev.eventfold.webhooks.store.Endpoint;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The subscriptions API, scoped to the caller's organization (API key): endpoints and their secrets (Hibernate
 * Reactive entities), each with its function-delivery destination (same id: status, order, rate limit). Another
 * organization's endpoint is a 404, exactly like one that does not exist.
 */
@Path("/endpoints")
@TenantScoped
@SecurityRequirement(name = "api-key")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EndpointResource {

    @Inject
    Tenant tenant;
    @Inject
    SsrfGuard guard;
    @Inject
    WebhooksConfig config;
    @Inject
    Clock clock;
    @Inject
    DestinationStore destinations;
    @Inject
    Pool pool;
    @Inject
    DeliveryStore delivery;
    @Inject
    WebhookTransport transport;

    @POST
    public Uni<Response> create(EndpointRequest request) {
        String org = tenant.orgId();
        if (request == null || request.url() == null) {
            throw invalid("url is required");
        }
        validate(request);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // the destination first: the endpoint's row refers to it (a failure in between leaves a destination no
        // fan-out reaches, never an endpoint without one)
        return checkUrl(request.url())
                .chain(() -> destinations.create(pool, id, org, WebhookTransport.NAME,
                        request.ordered() == null || request.ordered(), request.rateLimit(), now))
                .chain(destination -> Panache.withTransaction(() -> {
                    Endpoint endpoint = new Endpoint();
                    endpoint.id = id;
                    endpoint.orgId = org;
                    endpoint.secret = Secrets.generate();
                    endpoint.createdAt = now;
                    apply(endpoint, request, now);
                    return endpoint.<Endpoint>persist();
                }).map(e -> Response.created(URI.create("/endpoints/" + e.id))
                        .entity(EndpointView.of(e, destination, e.secret)).build()));
    }

    @GET
    public Uni<List<EndpointView>> list() {
        String org = tenant.orgId();
        return Panache.withSession(() -> Endpoint.listOwned(org)).chain(all -> destinations
                .list(pool, org, all.stream().map(e -> e.id).toList())
                .map(found -> {
                    Map<UUID, Destination> byId = new java.util.HashMap<>();
                    found.forEach(d -> byId.put(d.id(), d));
                    return all.stream().filter(e -> byId.containsKey(e.id)).map(e -> EndpointView.of(e, byId.get(e.id))).toList();
                }));
    }

    @GET
    @Path("/{id}")
    public Uni<EndpointView> get(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org)).chain(e -> view(e, org));
    }

    @PATCH
    @Path("/{id}")
    public Uni<EndpointView> update(@PathParam("id") String id, EndpointRequest request) {
        String org = tenant.orgId();
        if (request == null) {
            throw invalid("a JSON body is required");
        }
        validate(request);
        Uni<Void> checked = request.url() == null ? Uni.createFrom().voidItem() : checkUrl(request.url());
        return checked.chain(() -> Panache.withTransaction(() -> owned(id, org).invoke(endpoint -> {
            if (request.url() != null && !request.url().equals(endpoint.url)) {
                endpoint.verified = false; // a new receiver must pass the handshake again
            }
            apply(endpoint, request, clock.instant());
        }))).chain(e -> destinations.update(pool, e.id, org, request.ordered(), request.rateLimit(), clock.instant())
                .map(d -> EndpointView.of(e, d)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        String org = tenant.orgId();
        // deleting the destination deletes the endpoint, its messages and attempts (foreign keys)
        return Panache.withSession(() -> owned(id, org))
                .chain(e -> destinations.delete(pool, e.id, org).invoke(() -> transport.forget(e.id)))
                .replaceWith(Response.noContent().build());
    }

    /** A new secret, shown once; the previous one keeps signing (alongside) for {@code rotation-grace}. */
    @POST
    @Path("/{id}/secret/rotate")
    public Uni<EndpointView> rotate(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withTransaction(() -> owned(id, org).invoke(endpoint -> {
            Instant now = clock.instant();
            endpoint.previousSecret = endpoint.secret;
            endpoint.previousSecretExpiresAt = now.plus(config.rotationGrace());
            endpoint.secret = Secrets.generate();
            endpoint.updatedAt = now;
        })).call(e -> destinations.touch(pool, e.id, clock.instant()))   // every replica's cached target reads it again
                .chain(e -> destinations.get(pool, e.id, org).map(d -> EndpointView.of(e, d, e.secret)));
    }

    @POST
    @Path("/{id}/pause")
    public Uni<EndpointView> pause(@PathParam("id") String id) {
        return setStatus(id, Destination.PAUSED, "paused by the customer");
    }

    /** Resumes a paused endpoint, or re-enables one disabled by a 410; its pending messages go out again. */
    @POST
    @Path("/{id}/resume")
    public Uni<EndpointView> resume(@PathParam("id") String id) {
        return setStatus(id, Destination.ACTIVE, null);
    }

    /**
     * Queues a test delivery to the endpoint ({@code dev.eventfold.endpoint.tested}, whatever its type filter),
     * signed, retried and listed like any message; 202 with its {@code webhook-id}. A disabled endpoint is a 409.
     */
    @POST
    @Path("/{id}/test")
    public Uni<Response> test(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org)).chain(e -> destinations.get(pool, e.id, org)).chain(d -> {
            if (Destination.DISABLED.equals(d.status())) {
                throw new ProblemException(409, "Conflict", "endpoint " + id + " is disabled (" + d.statusReason()
                        + "): resume it first");
            }
            Instant now = clock.instant();
            CloudEvent event = CloudEvent.of(UUID.randomUUID().toString(), "/functions/" + WebhooksHandler.FUNCTION_NAME,
                    EventType.ENDPOINT_TESTED, d.id().toString(), now, org, null,
                    new EndpointTested(d.id().toString(), org, "a test delivery from Eventfold", now));
            return delivery.enqueue(pool, List.of(new NewMessage(d.id(), org, event.id(), event.type(), event.subject(),
                            EventCodec.encode(event).toString())), now)
                    .map(n -> Response.accepted(Map.of("id", event.id())).build());
        });
    }

    private Uni<EndpointView> setStatus(String id, String status, String reason) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org)).chain(e -> destinations
                .setStatus(pool, e.id, org, status, reason, clock.instant())
                .map(d -> EndpointView.of(e, d)));
    }

    private Uni<EndpointView> view(Endpoint endpoint, String org) {
        return destinations.get(pool, endpoint.id, org).map(d -> EndpointView.of(endpoint, d));
    }

    /** The organization's endpoint or a 404; ids that are not UUIDs are not found either. */
    static Uni<Endpoint> owned(String id, String org) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(id));
        }
        return Endpoint.findOwned(uuid, org).onItem().ifNull().failWith(() -> notFound(id));
    }

    private Uni<Void> checkUrl(String url) {
        return guard.check(url).replaceWithVoid()
                .onFailure(SsrfGuard.RefusedException.class).transform(e -> invalid(e.getMessage()));
    }

    private static void apply(Endpoint endpoint, EndpointRequest request, Instant now) {
        if (request.url() != null) {
            endpoint.url = request.url();
        }
        if (request.types() != null) {
            endpoint.eventTypes = new Patterns(request.types()).stored();
        }
        if (request.subjects() != null) {
            endpoint.subjects = new Patterns(request.subjects()).stored();
        }
        if (request.description() != null) {
            endpoint.description = request.description();
        }
        if (request.structured() != null) {
            endpoint.structured = request.structured();
        }
        if (request.skipHandshake() != null) {
            endpoint.skipHandshake = request.skipHandshake();
        }
        endpoint.updatedAt = now;
    }

    private static void validate(EndpointRequest request) {
        String problem = Patterns.problem(request.types());
        if (problem == null) {
            problem = Patterns.problem(request.subjects());
        }
        if (problem == null && request.rateLimit() != null && request.rateLimit() <= 0) {
            problem = "rateLimit must be positive (messages per second)";
        }
        if (problem == null && request.description() != null && request.description().length() > 1000) {
            problem = "description must be at most 1000 characters";
        }
        if (problem != null) {
            throw invalid(problem);
        }
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    static ProblemException notFound(String id) {
        return new ProblemException(404, "Not Found", "no endpoint " + id);
    }
}
