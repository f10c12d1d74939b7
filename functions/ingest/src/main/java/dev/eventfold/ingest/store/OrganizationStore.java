package dev.eventfold.ingest.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Organizations and the hashes of their API keys (tables {@code ingest.organizations}, {@code ingest.issued_api_keys}).
 * Known keys are cached in memory: a key never changes its organization.
 */
@ApplicationScoped
public class OrganizationStore {

    private final AgroalDataSource dataSource;
    private final Map<String, String> orgByKeyHash = new ConcurrentHashMap<>();

    public OrganizationStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The organization a key hash belongs to. */
    public Optional<String> organizationOf(String keyHash) {
        String cached = orgByKeyHash.get(keyHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT org_id FROM ingest.issued_api_keys WHERE key_hash = ?")) {
            s.setString(1, keyHash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String orgId = rs.getString(1);
                orgByKeyHash.put(keyHash, orgId);
                return Optional.of(orgId);
            }
        } catch (SQLException e) {
            throw new StoreException("looking up an API key", e);
        }
    }

    /** Stores a new organization with its first key, in one transaction. */
    public void create(String orgId, String name, String keyId, String keyHash, String label) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement org = c.prepareStatement("INSERT INTO ingest.organizations (id, name) VALUES (?, ?)");
                 PreparedStatement key = c.prepareStatement(
                         "INSERT INTO ingest.issued_api_keys (key_hash, key_id, org_id, label) VALUES (?, ?, ?, ?)")) {
                org.setString(1, orgId);
                org.setString(2, name);
                org.executeUpdate();
                key.setString(1, keyHash);
                key.setString(2, keyId);
                key.setString(3, orgId);
                key.setString(4, label);
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

    /** Undoes {@link #create} when its events could not be published, so the key does not half-exist. */
    public void delete(String orgId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement keys = c.prepareStatement("DELETE FROM ingest.issued_api_keys WHERE org_id = ?");
                 PreparedStatement org = c.prepareStatement("DELETE FROM ingest.organizations WHERE id = ?")) {
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
        orgByKeyHash.values().removeIf(orgId::equals);
    }
}
