package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.useraggregator.function.ParkedExpiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import static dev.eventfold.useraggregator.TestSupport.as;
import static dev.eventfold.useraggregator.TestSupport.issueKey;
import static dev.eventfold.useraggregator.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Parked events that waited longer than the maximum age for their user's created expire; younger ones still apply. */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
class ParkedExpiryTest {

    @Inject
    ParkedExpiry expiry;
    @Inject
    MeterRegistry registry;

    @Test
    void anEventParkedLongerThanTheMaximumAgeExpiresAndIsAppliedByNoLaterCreate() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String key = issueKey(org);
        UserEvents events = new UserEvents(org);
        String stale = "user-" + UUID.randomUUID();
        String fresh = "user-" + UUID.randomUUID();
        CloudEvent staleLogin = events.loggedIn(stale, 5, "10.0.0.5");
        post(staleLogin).then().statusCode(204);
        post(events.loggedIn(fresh, 5, "10.0.0.6")).then().statusCode(204);
        try (Connection db = TestSupport.db(); Statement s = db.createStatement()) {
            s.execute("UPDATE user_aggregator.parked_events SET parked_at = now() - interval '8 days' "
                    + "WHERE event_id = '" + staleLogin.id() + "'");
        }
        double before = registry.counter(ParkedExpiry.EXPIRED).count();

        int expired = expiry.expire().await().indefinitely();
        post(events.created(stale, 0, "Ada", "ada@example.com")).then().statusCode(204);
        post(events.created(fresh, 0, "Bob", "bob@example.com")).then().statusCode(204);

        assertThat(expired).isGreaterThanOrEqualTo(1);
        assertThat(registry.counter(ParkedExpiry.EXPIRED).count()).isGreaterThanOrEqualTo(before + 1);
        as(key).get("/users/" + stale).then().statusCode(200).body("loginCount", equalTo(0));
        as(key).get("/users/" + fresh).then().statusCode(200).body("loginCount", equalTo(1));
    }
}
