package dev.eventfold.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.ingest.domain.ApiKeyFormat;
import dev.eventfold.ingest.publish.EventPublisher;
import dev.eventfold.ingest.publish.PublishException;
import dev.eventfold.ingest.store.OrganizationStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.ApiKeyRevoked;
import dev.eventfold.model.payload.OrganizationCreated;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.processing.StateConfig;
import dev.eventfold.runtime.tenancy.ApiKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /admin/organizations} (header {@code X-Admin-Token}): creates a tenant and its first API key, stores
 * the key's hash, publishes {@code organization.created} and {@code apikey.issued} (hash only) so that read APIs
 * learn the key, and returns the key once. {@code POST /admin/organizations/{id}/keys/revoke} revokes a key (given
 * the key or its hash): ingest refuses it at once and publishes {@code apikey.revoked}, which every function folds.
 * These are the only issuers of control-plane events: ingest refuses them from clients. Every admin call is refused
 * while {@code eventfold.admin.token} is unset.
 */
@Path("/admin/organizations")
public class AdminResource {

    static final String TOKEN_HEADER = "X-Admin-Token";
    static final String SOURCE = "/ingest/admin";

    private final OrganizationStore organizations;
    private final String pepper;
    private final EventPublisher publisher;
    private final Optional<String> adminToken;

    @Inject
    public AdminResource(OrganizationStore organizations, EventPublisher publisher, StateConfig config) {
        this(organizations, publisher, config.apiKey().pepper(), config.admin().token());
    }

    AdminResource(OrganizationStore organizations, EventPublisher publisher, String pepper, Optional<String> adminToken) {
        this.organizations = organizations;
        this.pepper = pepper;
        this.publisher = publisher;
        this.adminToken = adminToken.filter(t -> !t.isBlank());
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpHeaders headers, byte[] body) {
        Optional<Response> refused = refused(headers);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode request = EventCodec.readTree(body == null || body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        String name = text(request, "name");
        String label = Optional.ofNullable(text(request, "keyLabel")).orElse("default");
        List<Violation> violations = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 256) {
            violations.add(new Violation("name", "is required: 1 to 256 characters"));
        }
        if (label.isBlank() || label.length() > 256) {
            violations.add(new Violation("keyLabel", "must be 1 to 256 characters"));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }

        String orgId = UUID.randomUUID().toString();
        String keyId = UUID.randomUUID().toString();
        String apiKey = ApiKeyFormat.newKey();
        String keyHash = ApiKeys.hash(pepper, apiKey);
        organizations.create(orgId, name, keyHash, label);
        Instant now = Instant.now();
        try {
            publisher.publishAll(List.of(
                    CloudEvent.of(UUID.randomUUID().toString(), SOURCE, EventType.ORGANIZATION_CREATED, orgId, now,
                            orgId, null, new OrganizationCreated(name)),
                    CloudEvent.of(UUID.randomUUID().toString(), SOURCE, EventType.API_KEY_ISSUED, keyId, now,
                            orgId, null, new ApiKeyIssued(keyHash, label))));
        } catch (PublishException e) {
            organizations.delete(orgId);
            throw e;
        }
        Map<String, String> created = new LinkedHashMap<>();
        created.put("organizationId", orgId);
        created.put("keyId", keyId);
        created.put("apiKey", apiKey);
        return Response.created(URI.create("/admin/organizations/" + orgId)).entity(created).build();
    }

    /** Body {@code {"apiKey": "..."}} or {@code {"keyHash": "..."}}: 200 once revoked, 404 for no such key. */
    @POST
    @Path("/{orgId}/keys/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("orgId") String orgId, @Context HttpHeaders headers, byte[] body) {
        Optional<Response> refused = refused(headers);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode request = EventCodec.readTree(body == null || body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        String apiKey = text(request, "apiKey");
        String keyHash = apiKey != null ? ApiKeys.hash(pepper, apiKey) : text(request, "keyHash");
        if (keyHash == null || keyHash.isBlank()) {
            throw new ValidationException(List.of(new Violation("apiKey", "is required (or keyHash)")));
        }
        if (!organizations.revoke(orgId, keyHash)) {
            return Problem.of(404, "Not Found", "Organization " + orgId + " has no such key.").toResponse();
        }
        // published after the local revocation, so that ingest refuses the key even when Kafka is down (503: retry)
        publisher.publishAll(List.of(CloudEvent.of(UUID.randomUUID().toString(), SOURCE, EventType.API_KEY_REVOKED,
                "key-" + keyHash, Instant.now(), orgId, null, new ApiKeyRevoked(keyHash))));
        Map<String, String> revoked = new LinkedHashMap<>();
        revoked.put("organizationId", orgId);
        revoked.put("keyHash", keyHash);
        revoked.put("status", "revoked");
        return Response.ok(revoked).build();
    }

    private Optional<Response> refused(HttpHeaders headers) {
        if (adminToken.isEmpty()) {
            return Optional.of(Problem.of(403, "Admin API disabled", "Set eventfold.admin.token to enable the admin API.")
                    .toResponse());
        }
        if (!sameToken(adminToken.get(), headers.getHeaderString(TOKEN_HEADER))) {
            return Optional.of(Problem.of(401, "Admin token required", "Send the admin token in the " + TOKEN_HEADER
                    + " header.").toResponse());
        }
        return Optional.empty();
    }

    private static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
