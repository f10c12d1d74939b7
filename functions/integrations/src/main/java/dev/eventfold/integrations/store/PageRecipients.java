package dev.eventfold.integrations.store;

import dev.eventfold.integrations.domain.PageVisited;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each page's recipient, folded from {@code page.created}: whom a page view is about (keyed by organization and page). */
@ApplicationScoped
public class PageRecipients {

    @Inject
    RuntimeConfig config;

    public record Page(String orgId, String pageId, String email, String name) {
    }

    public Uni<Void> save(SqlClient tx, List<Page> pages) {
        if (pages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = "INSERT INTO " + config.table("page_recipients") + " (org_id, page_id, email, name)"
                + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                + " ON CONFLICT (org_id, page_id) DO UPDATE SET email = excluded.email, name = excluded.name";
        return tx.preparedQuery(sql).execute(Tuple.tuple()
                        .addArrayOfString(pages.stream().map(Page::orgId).toArray(String[]::new))
                        .addArrayOfString(pages.stream().map(Page::pageId).toArray(String[]::new))
                        .addArrayOfString(pages.stream().map(Page::email).toArray(String[]::new))
                        .addArrayOfString(pages.stream().map(Page::name).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The recipients of these (organization, page) pairs, keyed {@code org + '\n' + page}. */
    public Uni<Map<String, PageVisited.Recipient>> find(SqlClient client, List<String> orgIds, List<String> pageIds) {
        if (orgIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String sql = "SELECT r.org_id, r.page_id, r.email, r.name FROM " + config.table("page_recipients") + " r"
                + " JOIN unnest($1::text[], $2::text[]) AS k(o, p) ON r.org_id = k.o AND r.page_id = k.p";
        return client.preparedQuery(sql).execute(Tuple.tuple().addArrayOfString(orgIds.toArray(String[]::new))
                .addArrayOfString(pageIds.toArray(String[]::new))).map(rows -> {
                    Map<String, PageVisited.Recipient> found = new HashMap<>();
                    rows.forEach(row -> found.put(key(row.getString("org_id"), row.getString("page_id")),
                            new PageVisited.Recipient(row.getString("email"), row.getString("name"))));
                    return found;
                });
    }

    public static String key(String orgId, String pageId) {
        return orgId + "\n" + pageId;
    }
}
