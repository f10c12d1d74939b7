package dev.eventfold.useraggregator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: the contents of a projection schema version, table by table, in a stable order, for comparing. */
public final class ProjectionTables {

    private static final Map<String, String> QUERIES = Map.of(
            "users", "SELECT id, org_id, name, email, roles, created_at, updated_at, login_count, failed_login_count, "
                    + "last_login_at, last_login_ip FROM %s.users WHERE id LIKE ? ORDER BY id, org_id",
            "user_logins", "SELECT event_id, user_id, at, ip, user_agent FROM %s.user_logins WHERE user_id LIKE ? ORDER BY event_id",
            "user_failed_logins", "SELECT event_id, user_id, at, ip, user_agent, reason FROM %s.user_failed_logins "
                    + "WHERE user_id LIKE ? ORDER BY event_id",
            "parked_events", "SELECT event_id, user_id, rejected_reason IS NOT NULL AS rejected FROM %s.parked_events "
                    + "WHERE user_id LIKE ? ORDER BY event_id");

    private ProjectionTables() {
    }

    public static Map<String, List<String>> snapshot(Connection c, String schema) throws SQLException {
        return snapshot(c, schema, "");
    }

    /** Only the rows of users whose id starts with {@code userIdPrefix}. */
    public static Map<String, List<String>> snapshot(Connection c, String schema, String userIdPrefix)
            throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : List.of("users", "user_logins", "user_failed_logins", "parked_events")) {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(QUERIES.get(table).formatted(schema))) {
                s.setString(1, userIdPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
                ResultSet rs = s.executeQuery();
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            out.put(table, rows);
        }
        return out;
    }
}
