package dev.eventfold.campaignaggregator.function;

import dev.eventfold.localstack.testing.TestSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: one organization's rows of a projection schema version, table by table in a stable order (without
 * the org column), for comparing two folds; zero rows left out (they stay or not depending on arrival order; reads
 * skip them), and so are the campaigns' stats versions (see {@link #versions}).
 */
final class ProjectionTables {

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("campaigns", "SELECT campaign_id, created, name, name_at, description, description_at, pages, "
                + "pages_sent, pages_viewed, views, unique_visitors, clicks FROM %s.campaigns WHERE org_id = ? ORDER BY 1");
        TABLES.put("pages", "SELECT page_id, created, sent_at, views, unique_visitors, first_view_at, last_view_at, "
                + "clicks FROM %s.pages WHERE org_id = ? ORDER BY 1");
        TABLES.put("page_campaigns", "SELECT page_id, campaign_id, member, changed_at FROM %s.page_campaigns "
                + "WHERE org_id = ? ORDER BY 1, 2");
        TABLES.put("page_visitors", "SELECT page_id, visitor_key FROM %s.page_visitors WHERE org_id = ? ORDER BY 1, 2");
        TABLES.put("campaign_visitors", "SELECT campaign_id, visitor_key, pages FROM %s.campaign_visitors "
                + "WHERE org_id = ? AND pages > 0 ORDER BY 1, 2");
        TABLES.put("page_hourly", "SELECT page_id, hour, views FROM %s.page_hourly WHERE org_id = ? AND views > 0 "
                + "ORDER BY 1, 2");
        TABLES.put("campaign_hourly", "SELECT campaign_id, hour, views FROM %s.campaign_hourly WHERE org_id = ? "
                + "AND views > 0 ORDER BY 1, 2");
        TABLES.put("page_geo", "SELECT page_id, country_code, city, country, views FROM %s.page_geo WHERE org_id = ? "
                + "AND views > 0 ORDER BY 1, 2, 3");
        TABLES.put("campaign_geo", "SELECT campaign_id, country_code, city, country, views FROM %s.campaign_geo "
                + "WHERE org_id = ? AND views > 0 ORDER BY 1, 2, 3");
    }

    private ProjectionTables() {
    }

    static Map<String, List<String>> snapshot(String schema, String org) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            out.put(table.getKey(), rows(table.getValue().formatted(schema), org));
        }
        return out;
    }

    /** Every campaign of the organization with its stats version ("campaign | version"). */
    static List<String> versions(String schema, String org) throws SQLException {
        return rows("SELECT campaign_id, version FROM " + schema + ".campaigns WHERE org_id = ? ORDER BY 1", org);
    }

    private static List<String> rows(String query, String org) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestSettings.database(); PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, org);
            ResultSet rs = s.executeQuery();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
