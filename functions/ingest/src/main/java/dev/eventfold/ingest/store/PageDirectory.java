package dev.eventfold.ingest.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which organization owns each page (table {@code ingest.page_organizations}), learnt from accepted
 * {@code page.created} events; the tracking pixel uses it to set {@code orgid}. The first organization to create a
 * page id keeps it. Known pages are cached in memory (bounded), unknown ones are looked up each time.
 */
@ApplicationScoped
public class PageDirectory {

    private static final int CACHE_LIMIT = 100_000;

    private final AgroalDataSource dataSource;
    private final String table;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public PageDirectory(AgroalDataSource dataSource, RuntimeConfig config) {
        this.dataSource = dataSource;
        this.table = config.table("page_organizations");
    }

    /** Records page → organization for each page id, in one transaction; an existing page keeps its owner. */
    public void remember(String orgId, Collection<String> pageIds) {
        if (pageIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO " + table + " (page_id, org_id) VALUES (?, ?) ON CONFLICT (page_id) DO NOTHING")) {
                for (String pageId : pageIds) {
                    s.setString(1, pageId);
                    s.setString(2, orgId);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("recording page owners", e);
        }
    }

    /** The organization that created the page, if ingest has accepted its {@code page.created}. */
    public Optional<String> ownerOf(String pageId) {
        String cached = cache.get(pageId);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT org_id FROM " + table + " WHERE page_id = ?")) {
            s.setString(1, pageId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String orgId = rs.getString(1);
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(pageId, orgId);
                return Optional.of(orgId);
            }
        } catch (SQLException e) {
            throw new StoreException("looking up a page owner", e);
        }
    }
}
