package dev.eventfold.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogTest {

    @Test
    void everyTypeIsReverseDnsAndUnique() {
        assertThat(EventType.values()).extracting(EventType::type)
                .doesNotHaveDuplicates()
                .allMatch(t -> t.matches("dev\\.eventfold(\\.[a-z]+)+"), "reverse-DNS, lower case");
    }

    @Test
    void lookupFindsEveryTypeAndNothingElse() {
        Arrays.stream(EventType.values()).forEach(t -> assertThat(EventType.of(t.type())).contains(t));
        assertThat(EventType.of("dev.eventfold.nothing")).isEmpty();
        assertThat(EventType.of(null)).isEmpty();
    }

    @Test
    void derivedEventsTravelOnDerivedTopicsAndClientEventsOnTheEventsTopic() {
        for (EventType type : EventType.values()) {
            assertThat(type.topic() == Topic.EVENTS).as(type.name()).isEqualTo(!type.derived());
        }
    }

    @Test
    void clientsMaySubmitNeitherDerivedNorControlPlaneTypes() {
        assertThat(Arrays.stream(EventType.values()).filter(EventType::controlPlane))
                .containsExactlyInAnyOrder(EventType.ORGANIZATION_CREATED, EventType.API_KEY_ISSUED, EventType.API_KEY_REVOKED);
        for (EventType type : EventType.values()) {
            assertThat(type.clientSubmittable()).as(type.name()).isEqualTo(!type.derived() && !type.controlPlane());
        }
        assertThat(EventType.USER_CREATED.clientSubmittable()).isTrue();
        assertThat(EventType.USER_STATE_UPDATED.clientSubmittable()).isFalse();
    }

    @Test
    void onlyTheUsersTopicIsCompacted() {
        assertThat(Arrays.stream(Topic.values()).filter(Topic::compacted)).containsExactly(Topic.USERS);
        assertThat(Topic.USERS.topicName("acme")).isEqualTo("acme.users");
    }

    @Test
    void alertsAreDerivedAndTravelOnTheAlertsTopic() {
        assertThat(EventType.of("dev.eventfold.alert.raised")).contains(EventType.ALERT_RAISED);
        assertThat(EventType.of("dev.eventfold.alert.resolved")).contains(EventType.ALERT_RESOLVED);
        assertThat(EventType.ALERT_RAISED.topic()).isEqualTo(Topic.ALERTS);
        assertThat(EventType.ALERT_RESOLVED.topic()).isEqualTo(Topic.ALERTS);
        assertThat(EventType.ALERT_RAISED.derived()).isTrue();
        assertThat(Topic.ALERTS.topicName("acme")).isEqualTo("acme.alerts");
    }

    @Test
    void deliveryNoticesAreDerivedAndTravelOnTheDeliveriesTopic() {
        assertThat(EventType.of("dev.eventfold.endpoint.disabled")).contains(EventType.ENDPOINT_DISABLED);
        assertThat(EventType.of("dev.eventfold.message.attempt.exhausted")).contains(EventType.MESSAGE_ATTEMPT_EXHAUSTED);
        assertThat(EventType.ENDPOINT_DISABLED.topic()).isEqualTo(Topic.DELIVERIES);
        assertThat(EventType.MESSAGE_ATTEMPT_EXHAUSTED.topic()).isEqualTo(Topic.DELIVERIES);
        assertThat(EventType.MESSAGE_ATTEMPT_EXHAUSTED.derived()).isTrue();
        assertThat(Topic.DELIVERIES.topicName("acme")).isEqualTo("acme.deliveries");
    }
}
