package dev.eventfold.integrations.api;

import dev.eventfold.delivery.Destination;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.integrations.CredentialKeys;
import dev.eventfold.integrations.delivery.ToolClient;
import dev.eventfold.integrations.delivery.ToolTransport;
import dev.eventfold.integrations.domain.CredentialCipher;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.EventFilter;
import dev.eventfold.integrations.domain.Fields;
import dev.eventfold.integrations.domain.Tool;
import dev.eventfold.integrations.domain.Translators;
import dev.eventfold.integrations.replay.ReplayRunner;
import dev.eventfold.integrations.store.DestinationTargets;
import dev.eventfold.integrations.store.IntegrationDestination;
import dev.eventfold.model.Json;
import dev.eventfold.model.Violation;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The destinations API, scoped to the caller's organization (API key): connected tools with their encrypted
 * credentials, mappings, settings and filters (Hibernate Reactive entities), each with its function-delivery
 * destination (same id: status). Another organization's destination is a 404, like a missing one.
 */
@Path("/destinations")
@TenantScoped
@Tag(name = "destinations", description = "Connected marketing and CRM tools of the caller's organization")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DestinationResource {

    static final int MAX_CREDENTIAL = 4096;
    static final int MAX_RATE = 1000;

    @Inject
    Tenant tenant;
    @Inject
    DestinationStore deliveryDestinations;
    @Inject
    ToolClient client;
    @Inject
    CredentialKeys keys;
    @Inject
    ReplayRunner replays;
    @Inject
    Pool pool;
    @Inject
    Clock clock;

    @POST
    @Operation(summary = "Connect a tool", description = "201 with the destination (its credential only as a hint); "
            + "with replay: true the log's past events are sent too (progress under /destinations/{id}/replays)")
    public Uni<Response> create(DestinationRequest request) {
        String org = tenant.orgId();
        if (request == null) {
            throw invalid(List.of(new Violation("body", "a JSON body is required")));
        }
        List<Violation> problems = new ArrayList<>();
        Tool tool = request.tool() == null ? null : Tool.of(request.tool()).orElse(null);
        if (tool == null) {
            problems.add(new Violation("tool", "is required: hubspot, salesforce or segment"));
        }
        if (request.credential() == null || request.credential().isBlank()) {
            problems.add(new Violation("credential", "is required (HubSpot: private app token; Salesforce: access token; Segment: write key)"));
        }
        String baseUrl = request.baseUrl() != null ? request.baseUrl()
                : tool == null ? null : Translators.of(tool).defaultBaseUrl().orElse(null);
        if (tool != null && baseUrl == null) {
            problems.add(new Violation("baseUrl", "is required for " + tool.id() + " (the org's instance URL)"));
        }
        validate(tool, request, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // the delivery destination first: this row refers to it (a failure in between leaves a destination no
        // fan-out reaches, never a connected tool without one)
        return checkUrl(baseUrl)
                // function-delivery's rate limit counts messages; the tools count requests: the transport limits those
                .chain(() -> deliveryDestinations.create(pool, id, org, tool.id(), true, null, now))
                .chain(delivery -> Panache.withTransaction(() -> {
                    IntegrationDestination d = new IntegrationDestination();
                    d.id = id;
                    d.orgId = org;
                    d.tool = tool.id();
                    d.createdAt = now;
                    d.baseUrl = baseUrl;
                    apply(d, request, now);
                    return d.<IntegrationDestination>persist();
                }).chain(d -> (Boolean.TRUE.equals(request.replay()) ? replays.start(d.id, org).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                        .map(v -> Response.created(URI.create("/destinations/" + d.id)).entity(DestinationView.of(d, delivery)).build())));
    }

    @GET
    @Operation(summary = "The organization's destinations")
    public Uni<List<DestinationView>> list() {
        String org = tenant.orgId();
        return Panache.withSession(() -> IntegrationDestination.listOwned(org)).chain(all -> deliveryDestinations
                .list(pool, org, all.stream().map(d -> d.id).toList()).map(found -> {
                    Map<UUID, Destination> byId = new HashMap<>();
                    found.forEach(d -> byId.put(d.id(), d));
                    return all.stream().filter(d -> byId.containsKey(d.id)).map(d -> DestinationView.of(d, byId.get(d.id))).toList();
                }));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One destination, with its delivery status (paused with the reason after a 401)")
    public Uni<DestinationView> get(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org)).chain(d -> view(d, org));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change the fields present; a new credential also resumes a destination paused by its tool")
    public Uni<DestinationView> update(@PathParam("id") String id, DestinationRequest request) {
        String org = tenant.orgId();
        if (request == null) {
            throw invalid(List.of(new Violation("body", "a JSON body is required")));
        }
        List<Violation> problems = new ArrayList<>();
        if (request.tool() != null) {
            problems.add(new Violation("tool", "cannot change: connect a new destination"));
        }
        if (request.credential() != null && request.credential().isBlank()) {
            problems.add(new Violation("credential", "must not be blank"));
        }
        if (request.replay() != null) {
            problems.add(new Violation("replay", "only on create; POST /destinations/{id}/replay replays later"));
        }
        Uni<Void> checked = request.baseUrl() == null ? Uni.createFrom().voidItem() : checkUrl(request.baseUrl());
        return checked.chain(() -> Panache.withTransaction(() -> owned(id, org).invoke(d -> {
            Tool tool = Tool.of(d.tool).orElseThrow();
            DestinationRequest merged = new DestinationRequest(null, request.name(), request.baseUrl(), request.credential(),
                    request.mappings() != null ? request.mappings() : DestinationTargets.map(d.mappings),
                    request.settings() != null ? request.settings() : DestinationTargets.map(d.settings),
                    request.filter(), request.rateLimit(), null);
            validate(tool, merged, problems);
            if (!problems.isEmpty()) {
                throw invalid(problems);
            }
            if (request.baseUrl() != null) {
                d.baseUrl = request.baseUrl();
            }
            apply(d, request, clock.instant());
        }))).chain(d -> deliveryDestinations.get(pool, d.id, org)
                .chain(delivery -> request.credential() != null && Destination.PAUSED.equals(delivery.status())
                        ? deliveryDestinations.setStatus(pool, d.id, org, Destination.ACTIVE, null, clock.instant())
                        : Uni.createFrom().item(delivery))
                .map(delivery -> DestinationView.of(d, delivery)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Disconnect: the destination, its queued messages, attempts and replays are deleted")
    public Uni<Response> delete(@PathParam("id") String id) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org))
                .chain(d -> deliveryDestinations.delete(pool, d.id, org).invoke(() -> ToolTransport.forget(d.id)))
                .replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause: messages accumulate and nothing is sent")
    public Uni<DestinationView> pause(@PathParam("id") String id) {
        return status(id, Destination.PAUSED, "paused through the API");
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused destination (by the API or by its tool's 401); its pending messages go out")
    public Uni<DestinationView> resume(@PathParam("id") String id) {
        return status(id, Destination.ACTIVE, null);
    }

    private Uni<DestinationView> status(String id, String status, String reason) {
        String org = tenant.orgId();
        return Panache.withSession(() -> owned(id, org)).chain(d -> deliveryDestinations
                .setStatus(pool, d.id, org, status, reason, clock.instant()).map(delivery -> DestinationView.of(d, delivery)));
    }

    private Uni<DestinationView> view(IntegrationDestination d, String org) {
        return deliveryDestinations.get(pool, d.id, org).map(delivery -> DestinationView.of(d, delivery));
    }

    /** The organization's destination or a 404; ids that are not UUIDs are not found either. */
    public static Uni<IntegrationDestination> owned(String id, String org) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(id));
        }
        return IntegrationDestination.findOwned(uuid, org).onItem().ifNull().failWith(() -> notFound(id));
    }

    private void apply(IntegrationDestination d, DestinationRequest request, Instant now) {
        if (request.name() != null) {
            d.name = request.name();
        }
        if (request.credential() != null) {
            CredentialCipher cipher = keys.cipher();
            d.credential = cipher.encrypt(request.credential(), IntegrationDestination.owner(d.orgId, d.id));
            d.credentialHint = CredentialCipher.hint(request.credential());
        }
        if (request.mappings() != null) {
            d.mappings = Json.MAPPER.valueToTree(request.mappings()).toString();
        }
        if (request.settings() != null) {
            d.settings = Json.MAPPER.valueToTree(request.settings()).toString();
        }
        if (request.rateLimit() != null) {
            d.rateLimit = request.rateLimit();
        }
        if (request.filter() != null) {
            d.eventTypes = EventFilter.parse(request.filter().types(), new ArrayList<>()).stored();
        }
        d.updatedAt = now;
    }

    /** Everything that can be wrong with the body, each with its field. */
    static void validate(Tool tool, DestinationRequest request, List<Violation> problems) {
        if (request.name() != null && request.name().length() > 200) {
            problems.add(new Violation("name", "must be at most 200 characters"));
        }
        if (request.credential() != null && request.credential().length() > MAX_CREDENTIAL) {
            problems.add(new Violation("credential", "must be at most " + MAX_CREDENTIAL + " characters"));
        }
        if (request.rateLimit() != null && (request.rateLimit() <= 0 || request.rateLimit() > MAX_RATE)) {
            problems.add(new Violation("rateLimit", "must be between 1 and " + MAX_RATE + " requests per second"));
        }
        Map<String, String> mappings = request.mappings() == null ? Map.of() : request.mappings();
        mappings.forEach((ours, theirs) -> {
            if (!Fields.ALL.contains(ours)) {
                problems.add(new Violation("mappings." + ours, "is not one of our fields: " + String.join(", ", new java.util.TreeSet<>(Fields.ALL))));
            } else if (theirs == null || !theirs.matches("[A-Za-z0-9_.]{0,100}")) {
                problems.add(new Violation("mappings." + ours, "must name a property (letters, digits, _ and ., at most 100), or be \"\" to drop the field"));
            }
        });
        Map<String, String> settings = request.settings() == null ? Map.of() : request.settings();
        settings.forEach((k, v) -> {
            if (v == null || v.length() > 200) {
                problems.add(new Violation("settings." + k, "must be a text of at most 200 characters"));
            }
        });
        if (request.filter() != null) {
            EventFilter.parse(request.filter().types(), problems);
        }
        if (tool != null && problems.stream().noneMatch(p -> p.field().startsWith("settings.") || p.field().startsWith("mappings."))) {
            problems.addAll(Translators.of(tool).validate(new DestinationSpec(mappings, settings)));
        }
    }

    private Uni<Void> checkUrl(String url) {
        return client.guard().check(url).replaceWithVoid()
                .onFailure(dev.eventfold.delivery.http.SsrfGuard.RefusedException.class)
                .transform(e -> invalid(List.of(new Violation("baseUrl", e.getMessage()))));
    }

    static ProblemException invalid(List<Violation> problems) {
        return new ProblemException(new Problem("https://eventfold.dev/problems/invalid-destination", "Invalid destination",
                400, problems.size() + " problem(s) found", problems));
    }

    static ProblemException notFound(String id) {
        return new ProblemException(404, "Not Found", "no destination " + id + " in this organization");
    }
}
