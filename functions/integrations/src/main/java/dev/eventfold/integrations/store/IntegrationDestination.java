package dev.eventfold.integrations.store;

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
 * A connected tool (table {@code destinations}), the management side's entity: tool, base URL, the encrypted
 * credential, field mappings, settings, event filter and rate limit. Its status is function-delivery's row
 * of the same id; the delivery path reads this row with the reactive client ({@link DestinationTargets}).
 */
@Entity
@Table(name = "destinations")
public class IntegrationDestination extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    @Column(nullable = false)
    public String tool;
    public String name;
    @Column(name = "base_url", nullable = false)
    public String baseUrl;
    /** AES-GCM ciphertext ({@code v1:…}); never the credential itself. */
    @Column(nullable = false)
    public String credential;
    @Column(name = "credential_hint", nullable = false)
    public String credentialHint;
    @Column(nullable = false)
    public String mappings = "{}";
    @Column(nullable = false)
    public String settings = "{}";
    /** Requests per second to the tool (null: the configured default). */
    @Column(name = "rate_limit")
    public Integer rateLimit;
    @Column(name = "event_types", nullable = false)
    public String eventTypes = "";
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The organization's destination, or null (another organization's is not found either). */
    public static Uni<IntegrationDestination> findOwned(UUID id, String orgId) {
        return find("id = ?1 and orgId = ?2", id, orgId).firstResult();
    }

    public static Uni<List<IntegrationDestination>> listOwned(String orgId) {
        return find("orgId = ?1 order by createdAt, id", orgId).list();
    }

    /** The owner the credential's ciphertext is bound to. */
    public static String owner(String orgId, UUID id) {
        return orgId + "/" + id;
    }

    @Override
    public String toString() {
        return "IntegrationDestination[" + id + ", " + tool + ", credential " + credentialHint + "]";
    }
}
