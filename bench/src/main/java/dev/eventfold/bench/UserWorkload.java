package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserUpdated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The named user workload every user-fold contender consumes: N events over K users, each user's
 * {@code created} first, then a seeded mix of 10% updated, 70% logged-in and 20% login-failed, interleaved.
 */
public record UserWorkload(String name, int events, int users, int orgs, long seed) {

    public static final String SOURCE = "/bench/users";
    static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"};
    static final String[] ROLES = {"admin", "editor", "viewer", "billing", "analyst"};
    static final String[] REASONS = {"bad_password", "unknown_device", "mfa_timeout"};

    public static UserWorkload of(int events, int users) {
        return new UserWorkload("users-" + compact(events) + "-" + compact(users) + "u", events, users,
                Math.max(1, users / 1000), 42L);
    }

    static String compact(int n) {
        return n % 1000 == 0 ? (n / 1000) + "k" : String.valueOf(n);
    }

    /** The events in log order; deterministic for a seed. */
    public List<CloudEvent> generate() {
        Random random = new Random(seed);
        List<CloudEvent> out = new ArrayList<>(events);
        String[] ids = new String[users];
        String[] org = new String[users];
        String[] orgIds = new String[orgs];
        for (int o = 0; o < orgs; o++) {
            orgIds[o] = new UUID(seed, o).toString();
        }
        int created = 0;
        Instant clock = Instant.parse("2026-11-01T08:00:00Z");
        for (int i = 0; i < events; i++) {
            clock = clock.plusMillis(random.nextInt(50));
            // create users early enough that all K exist, interleaved with activity on existing ones
            int remainingEvents = events - i;
            int remainingUsers = users - created;
            boolean create = created == 0 || remainingUsers >= remainingEvents
                    || (remainingUsers > 0 && random.nextInt(remainingEvents) < remainingUsers * 3);
            if (create && created < users) {
                int u = created++;
                ids[u] = new UUID(seed ^ 0x5EED, u).toString();
                org[u] = orgIds[u % orgs];
                String name = "User " + Integer.toHexString(random.nextInt()) + " " + u;
                List<String> roles = List.of(ROLES[random.nextInt(ROLES.length)]);
                out.add(event(random, EventType.USER_CREATED, ids[u], org[u], clock, new UserCreated(name,
                        "user" + u + "@example" + (u % orgs) + ".test", roles)));
                continue;
            }
            int u = random.nextInt(created);
            int roll = random.nextInt(100);
            String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            Record payload;
            EventType type;
            if (roll < 10) {
                type = EventType.USER_UPDATED;
                payload = new UserUpdated("User renamed " + i, null,
                        List.of(ROLES[random.nextInt(ROLES.length)], ROLES[random.nextInt(ROLES.length)]));
            } else if (roll < 80) {
                type = EventType.USER_LOGGED_IN;
                payload = new UserLoggedIn(ip, AGENTS[random.nextInt(AGENTS.length)]);
            } else {
                type = EventType.USER_LOGIN_FAILED;
                payload = new UserLoginFailed(ip, AGENTS[random.nextInt(AGENTS.length)],
                        REASONS[random.nextInt(REASONS.length)]);
            }
            out.add(event(random, type, ids[u], org[u], clock, payload));
        }
        return out;
    }

    private static CloudEvent event(Random random, EventType type, String subject, String orgId, Instant time,
                                    Record payload) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return CloudEvent.of(id, SOURCE, type, subject, time, orgId, null, payload);
    }

    public String describe() {
        return name + " (" + events + " events, " + users + " users, " + orgs + " orgs; "
                + "created once per user, then 10% updated / 70% logged-in / 20% login-failed)";
    }
}
