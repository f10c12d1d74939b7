package dev.eventfold.ingest.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Organizations ({@code ingest.organizations}) and the hashes of their API keys, kept in the runtime's
 * {@code api_keys} table of ingest's schema, where the runtime's {@code TenantFilter} authenticates requests.
 */
@ApplicationScoped
public class OrganizationStore {

    private final AgroalDataSource dataSource;
    private final String organizations;
    private final String apiKeys;

    public OrganizationStore(AgroalDataSource dataSource, RuntimeConfig config) {
        this.dataSource = dataSource;
        this.organizations = config.table("organizations");
        this.apiKeys = config.table("api_keys");
    }

    /** Stores a new organization with its first key hash, in one transaction. */
    public void create(String orgId, String name, String keyHash, String label) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement org = c.prepareStatement("INSERT INTO " + organizations + " (id, name) VALUES (?, ?)");
                 PreparedStatement key = c.prepareStatement(
                         "INSERT INTO " + apiKeys + " (key_hash, org_id, label, created_at) VALUES (?, ?, ?, now())")) {
                org.setString(1, orgId);
                org.setString(2, name);
                org.executeUpdate();
                key.setString(1, keyHash);
                key.setString(2, orgId);
                key.setString(3, label);
                key.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("creating an organization", e);
        }
    }

    /**
     * Marks the organization's key revoked (ingest's tenant filter refuses it from then on); true when the
     * organization has such a key, revoked now or before.
     */
    public boolean revoke(String orgId, String keyHash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + apiKeys + " SET revoked_at = coalesce(revoked_at, now()) "
                     + "WHERE key_hash = ? AND org_id = ?")) {
            s.setString(1, keyHash);
            s.setString(2, orgId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("revoking an API key", e);
        }
    }

    /** Undoes {@link #create} when its events could not be published, so the key does not half-exist. */
    public void delete(String orgId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement keys = c.prepareStatement("DELETE FROM " + apiKeys + " WHERE org_id = ?");
                 PreparedStatement org = c.prepareStatement("DELETE FROM " + organizations + " WHERE id = ?")) {
                keys.setString(1, orgId);
                keys.executeUpdate();
                org.setString(1, orgId);
                org.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("removing an organization", e);
        }
    }
}
