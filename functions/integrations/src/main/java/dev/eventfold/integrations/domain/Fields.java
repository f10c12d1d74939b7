package dev.eventfold.integrations.domain;

import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our side of a field mapping: the fields a contact and a page view offer, by the names a destination's
 * {@code mappings} use ({@code "name": "firstname"}). Null values are left out: a tool is never told to clear a
 * property because we do not know it.
 */
public final class Fields {

    public static final List<String> CONTACT = List.of("userId", "email", "name", "firstName", "lastName", "roles",
            "loginCount", "failedLoginCount", "lastLoginAt", "lastLoginIp", "createdAt", "updatedAt");
    public static final List<String> PAGE_VIEW = List.of("pageId", "referrer", "userAgent", "visitorId", "viewedAt",
            "countryCode", "country", "region", "city", "postalCode", "timeZone");
    public static final Set<String> ALL;

    static {
        java.util.HashSet<String> all = new java.util.HashSet<>(CONTACT);
        all.addAll(PAGE_VIEW);
        ALL = Set.copyOf(all);
    }

    private Fields() {
    }

    public static Map<String, Object> of(UserState user) {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, "userId", user.id());
        put(f, "email", user.email());
        put(f, "name", user.name());
        String[] names = splitName(user.name());
        put(f, "firstName", names[0]);
        put(f, "lastName", names[1]);
        put(f, "roles", user.roles() == null || user.roles().isEmpty() ? null : String.join(";", user.roles()));
        put(f, "loginCount", user.loginCount());
        put(f, "failedLoginCount", user.failedLoginCount());
        put(f, "lastLoginAt", user.lastLoginAt() == null ? null : user.lastLoginAt().toString());
        put(f, "lastLoginIp", user.lastLoginIp());
        put(f, "createdAt", user.createdAt() == null ? null : user.createdAt().toString());
        put(f, "updatedAt", user.updatedAt() == null ? null : user.updatedAt().toString());
        return f;
    }

    public static Map<String, Object> of(PageVisited visit) {
        PageViewEnriched v = visit.view();
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, "pageId", visit.pageId());
        put(f, "referrer", v.referrer());
        put(f, "userAgent", v.userAgent());
        put(f, "visitorId", v.visitorId());
        put(f, "viewedAt", v.viewedAt());
        put(f, "countryCode", v.countryCode());
        put(f, "country", v.country());
        put(f, "region", v.region());
        put(f, "city", v.city());
        put(f, "postalCode", v.postalCode());
        put(f, "timeZone", v.timeZone());
        return f;
    }

    /** "Ada King Lovelace" → ["Ada King", "Lovelace"]; one word is a last name; none → [null, null]. */
    static String[] splitName(String name) {
        if (name == null || name.isBlank()) {
            return new String[] {null, null};
        }
        String trimmed = name.trim();
        int space = trimmed.lastIndexOf(' ');
        return space < 0 ? new String[] {null, trimmed}
                : new String[] {trimmed.substring(0, space).trim(), trimmed.substring(space + 1)};
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /**
     * The tool's properties: each of our fields named by the destination's mapping, else by the tool's default;
     * a field mapped to the empty string, or with neither, is left out.
     */
    public static Map<String, Object> mapped(Map<String, Object> ours, Map<String, String> defaults,
                                             Map<String, String> mappings) {
        Map<String, Object> theirs = new LinkedHashMap<>();
        ours.forEach((field, value) -> {
            String target = mappings.containsKey(field) ? mappings.get(field) : defaults.get(field);
            if (target != null && !target.isEmpty()) {
                theirs.put(target, value);
            }
        });
        return theirs;
    }
}
