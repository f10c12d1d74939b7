package dev.eventfold.ingest.store;

import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which organization owns each page (table {@code ingest.page_organizations}), learnt from accepted
 * {@code page.created} events; the tracking pixel uses it to set {@code orgid}. The first organization to create a
 * page id keeps it: another organization's {@code page.created} for it is refused (409), never silently reassigned,
 * so that one tenant's visitors are never counted in another's analytics. Known pages are cached in memory
 * (bounded), unknown ones are looked up each time.
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

    /**
     * Records page → organization for each page id, in one transaction. A page the organization already owns is
     * left as it is; when another organization owns any of them, nothing is recorded and the request is refused
     * with a 409 problem naming the page.
     */
    public void remember(String orgId, Collection<String> pageIds) {
        if (pageIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO " + table + " (page_id, org_id) VALUES (?, ?) ON CONFLICT (page_id) DO NOTHING");
                 PreparedStatement taken = c.prepareStatement(
                         "SELECT page_id FROM " + table + " WHERE page_id = ANY(?) AND org_id <> ? ORDER BY page_id")) {
                for (String pageId : pageIds) {
                    s.setString(1, pageId);
                    s.setString(2, orgId);
                    s.addBatch();
                }
                s.executeBatch();
                taken.setArray(1, c.createArrayOf("text", pageIds.toArray()));
                taken.setString(2, orgId);
                List<String> others = new ArrayList<>();
                try (ResultSet rs = taken.executeQuery()) {
                    while (rs.next()) {
                        others.add(rs.getString(1));
                    }
                }
                if (!others.isEmpty()) {
                    c.rollback();
                    throw new ProblemException(409, "Page id taken", "Page " + String.join(", ", others)
                            + (others.size() == 1 ? " belongs" : " belong") + " to another organization: page ids are "
                            + "claimed by the first page.created; choose another id. Nothing was accepted.");
                }
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
