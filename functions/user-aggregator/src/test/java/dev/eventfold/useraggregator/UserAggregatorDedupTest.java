package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.runtime.observe.EventMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.UUID;

import static dev.eventfold.useraggregator.TestSupport.as;
import static dev.eventfold.useraggregator.TestSupport.issueKey;
import static dev.eventfold.useraggregator.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Event identity on user-aggregator: recorded once, in the projection version's own table. */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
class UserAggregatorDedupTest {

    @Inject
    MeterRegistry registry;

    /**
     * The projection version's applied_events is the one record of what was applied (the runtime keeps no second in
     * processed_events), and a redelivery still counts as a duplicate.
     */
    @Test
    void aRedeliveryIsCountedAsADuplicateAndTheEventIsRecordedOnceInTheProjection() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UserEvents events = new UserEvents(org);
        String id = "user-" + UUID.randomUUID();
        CloudEvent login = events.loggedIn(id, 1, "10.0.0.1");
        post(events.created(id, 0, "Ada", "ada@example.com")).then().statusCode(204);
        double before = duplicates(login.type());

        post(login).then().statusCode(204);
        post(login).then().statusCode(204);

        assertThat(duplicates(login.type()) - before).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_aggregator.applied_events WHERE org_id = ? AND event_id = ?",
                org, login.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_aggregator.processed_events WHERE org_id = ? AND event_id = ?",
                org, login.id())).isZero();
    }

    /**
     * Another tenant that sends an event under an id it saw first cannot make this tenant's event a duplicate: the
     * identity that applied_events records is (organization, source, id).
     */
    @Test
    void anIdClaimedFirstByAnotherOrganizationDoesNotSwallowThisOrganizationsEvent() {
        String acme = "org-" + UUID.randomUUID();
        String globex = "org-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        post(new UserEvents(acme).created(user, 0, "Ada", "ada@example.com")).then().statusCode(204);
        post(new UserEvents(globex).created(user, 0, "Mallory", "mallory@example.com")).then().statusCode(204);

        post(login(id, globex, user)).then().statusCode(204);
        post(login(id, acme, user)).then().statusCode(204);

        as(issueKey(acme)).get("/users/" + user).then().statusCode(200).body("loginCount", equalTo(1));
        as(issueKey(globex)).get("/users/" + user).then().statusCode(200).body("loginCount", equalTo(1));
    }

    private static CloudEvent login(String id, String org, String user) {
        return CloudEvent.of(id, "/tests", EventType.USER_LOGGED_IN, user, UserEvents.at(1), org, "actor-1",
                new UserLoggedIn("10.0.0.1", "Mozilla/5.0"));
    }

    private double duplicates(String type) {
        var counter = registry.find(EventMetrics.DUPLICATES).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long count(String sql, String... params) throws Exception {
        try (Connection c = TestSupport.db(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
