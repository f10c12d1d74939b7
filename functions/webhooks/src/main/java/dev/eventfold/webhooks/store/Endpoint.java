package dev.eventfold.webhooks.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscriber's endpoint (table {@code endpoints}), the management side's entity: URL, filters, secrets. It is a
 * function-delivery destination with the same id, which holds its status, order and rate limit
 * ({@code delivery_destinations}). The delivery hot path reads the same rows with the reactive client
 * ({@link EndpointStore}).
 */
@Entity
@Table(name = "endpoints")
public class Endpoint extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    @Column(nullable = false)
    public String url;
    public String description;
    /** Space-separated type globs; empty for every type. */
    @Column(name = "event_types", nullable = false)
    public String eventTypes = "";
    /** Space-separated subject globs; empty for every subject. */
    @Column(nullable = false)
    public String subjects = "";
    public boolean structured;
    @Column(name = "skip_handshake")
    public boolean skipHandshake;
    /** The validation handshake succeeded (or was skipped) for the current URL. */
    public boolean verified;
    /** The rate the receiver allowed in the handshake ({@code WebHook-Allowed-Rate}), per minute. */
    @Column(name = "allowed_rate")
    public Integer allowedRate;
    @Column(nullable = false)
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The organization's endpoint, or null (another organization's endpoint is not found either). */
    public static Uni<Endpoint> findOwned(UUID id, String orgId) {
        return find("id = ?1 and orgId = ?2", id, orgId).firstResult();
    }

    public static Uni<List<Endpoint>> listOwned(String orgId) {
        return find("orgId = ?1 order by createdAt, id", orgId).list();
    }
}
