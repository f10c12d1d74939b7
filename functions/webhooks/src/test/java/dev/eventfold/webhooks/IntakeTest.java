package dev.eventfold.webhooks;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static dev.eventfold.webhooks.TestSupport.query;
import static dev.eventfold.webhooks.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake from both triggers: one message per matching endpoint (type and subject filters), written once however
 * often the event arrives, and only for the event's own organization.
 */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class IntakeTest {

    private static long messages(String endpoint) {
        return (Long) query("SELECT count(*) FROM webhooks.delivery_messages WHERE destination_id = ?::uuid", endpoint);
    }

    @Test
    void fansOutByTypeAndSubjectFilterExactlyOnce() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var all = org.endpoint(receiver.url("/all"));
            var campaigns = org.endpoint(Map.of("url", receiver.url("/campaigns"), "types", List.of("dev.eventfold.campaign.*")));
            var users = org.endpoint(Map.of("url", receiver.url("/users"), "types", List.of(EventType.USER_STATE_UPDATED.type())));
            var oneCampaign = org.endpoint(Map.of("url", receiver.url("/one"), "subjects", List.of("campaign-1")));

            CloudEvent stats = org.campaignStats("campaign-1", 7);
            post(stats).then().statusCode(204);
            post(stats).then().statusCode(204); // redelivered: no second message
            post(org.campaignStats("campaign-2", 1)).then().statusCode(204);

            assertThat(messages(all.id())).isEqualTo(2);
            assertThat(messages(campaigns.id())).isEqualTo(2);
            assertThat(messages(users.id())).isZero();
            assertThat(messages(oneCampaign.id())).isEqualTo(1);
            eventually("the receiver got the 5 deliveries", () -> receiver.posts().size() == 5);
            settle();
            assertThat(receiver.posts()).hasSize(5);
            assertThat(receiver.posts().stream().filter(r -> r.path().equals("/all"))
                    .map(r -> r.header("webhook-id"))).contains(stats.id());
        }
    }

    @Test
    void anEndpointNeverReceivesAnotherOrganizationsEvents() {
        TestSupport.Org mine = newOrg();
        TestSupport.Org theirs = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = mine.endpoint(receiver.url("/hook"));
            post(theirs.campaignStats("campaign-1", 1)).then().statusCode(204);
            post(theirs.userState("user-1")).then().statusCode(204);
            CloudEvent own = mine.campaignStats("campaign-1", 2);
            post(own).then().statusCode(204);
            eventually("own event delivered", () -> receiver.posts().size() == 1);
            settle();
            assertThat(receiver.posts()).singleElement()
                    .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo(own.id()))
                    .satisfies(r -> assertThat(r.header("ce-orgid")).isEqualTo(mine.id()));
            assertThat(messages(endpoint.id())).isEqualTo(1);
        }
    }

    @Test
    void theKafkaTriggerReadsTheDerivedTopics() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            org.endpoint(receiver.url("/hook"));
            CloudEvent stats = org.campaignStats("campaign-9", 3);
            CloudEvent user = org.userState("user-9");
            TestSupport.produce(Topic.CAMPAIGN_STATS, stats);
            TestSupport.produce(Topic.USERS, user);
            eventually("both derived events delivered", () -> receiver.posts().size() == 2);
            assertThat(receiver.posts()).extracting(r -> r.header("webhook-id"))
                    .containsExactlyInAnyOrder(stats.id(), user.id());
        }
    }
}
