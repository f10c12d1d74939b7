package dev.eventfold.alerting;

import dev.eventfold.alerting.domain.AlertEvents;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.eventfold.alerting.AlertEventsFixture.T0;
import static dev.eventfold.alerting.AlertEventsFixture.at;
import static dev.eventfold.alerting.TestSupport.allAlerts;
import static dev.eventfold.alerting.TestSupport.config;
import static dev.eventfold.alerting.TestSupport.createRule;
import static dev.eventfold.alerting.TestSupport.ids;
import static dev.eventfold.alerting.TestSupport.issueKey;
import static dev.eventfold.alerting.TestSupport.newOrg;
import static dev.eventfold.alerting.TestSupport.ofRule;
import static dev.eventfold.alerting.TestSupport.produce;
import static dev.eventfold.alerting.TestSupport.record;
import static dev.eventfold.alerting.TestSupport.topic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka trigger end to end on the real broker and PostgreSQL: one log over the four input topics, with
 * every record written twice, out-of-order records, a poison record and another organization's events, raises
 * each rule's alert exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = AlertingTestResource.class, restrictToAnnotatedClass = false)
public class AlertingKafkaTest {

    @Test
    void aMessyLogOverTheFourTopicsRaisesEachAlertOnce() throws Exception {
        String org = newOrg();
        String key = issueKey(org);
        String p = "k" + UUID.randomUUID().toString().substring(0, 8) + "-";
        AlertEventsFixture acme = new AlertEventsFixture(org);
        AlertEventsFixture other = new AlertEventsFixture(newOrg());
        String logins = createRule(key, "{\"kind\":\"failed-logins-per-user\",\"threshold\":3}");
        String views = createRule(key, "{\"kind\":\"campaign-views\",\"direction\":\"above\",\"threshold\":50}");
        String country = createRule(key, "{\"kind\":\"new-country\"}");
        String admin = createRule(key, "{\"kind\":\"user-state-change\",\"field\":\"roles\",\"gained\":\"admin\"}");
        CloudEvent poison = new CloudEvent(UUID.randomUUID().toString(), "/tests", EventType.USER_LOGIN_FAILED.type(),
                p + "ada", at(2), org, null, Json.MAPPER.createObjectNode().put("ip", 42));
        List<CloudEvent> log = List.of(
                acme.loginFailed(p + "ada", at(3), "10.0.0.1"), acme.loginFailed(p + "ada", at(1), "10.0.0.1"),
                other.loginFailed(p + "ada", at(2), "10.0.0.1"), poison,
                acme.loginFailed(p + "ada", at(2), "10.0.0.1"),
                acme.campaignStats(p + "c1", at(1), 10), acme.campaignStats(p + "c1", at(20), 40),
                acme.campaignStats(p + "c1", at(30), 70), acme.campaignStats(p + "c1", at(40), 90),
                acme.pageViewed(p + "page", at(1), "DE"), acme.pageViewed(p + "page", at(5), "JP"),
                acme.pageViewed(p + "page", at(6), "JP"),
                other.userState(p + "ada", at(1), "admin"),
                acme.userState(p + "ada", at(1), "viewer"), acme.userState(p + "ada", at(2), "viewer", "admin"));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        log.forEach(event -> records.add(record(event)));
        log.forEach(event -> records.add(record(event)));

        produce(records);

        Map<String, String> expected = Map.of(
                AlertEvents.alertId(false, logins, p + "ada", T0.toString()), logins,
                AlertEvents.alertId(false, views, p + "c1", T0.toString()), views,
                AlertEvents.alertId(false, country, p + "page", "JP"), country,
                AlertEvents.alertId(false, admin, p + "ada", "gained@" + at(2)), admin);
        allAlerts(seen -> ids(seen).containsAll(expected.keySet()));
        // a little longer, for anything raised twice
        List<ConsumerRecord<String, byte[]>> alerts = TestKafka.read(config("kafka.bootstrap.servers"),
                topic(Topic.ALERTS), seen -> false, Duration.ofSeconds(3));
        Map<String, String> raised = new java.util.HashMap<>();
        for (String rule : List.of(logins, views, country, admin)) {
            List<String> ofRule = ids(ofRule(alerts, rule));
            assertThat(ofRule).as(rule).hasSize(1);
            raised.put(ofRule.get(0), rule);
        }
        assertThat(raised).isEqualTo(expected);
        List<ConsumerRecord<String, byte[]>> dead = TestKafka.read(config("kafka.bootstrap.servers"),
                topic(Topic.DEAD_LETTER), seen -> ids(seen).contains(poison.id()), Duration.ofSeconds(60));
        assertThat(ids(dead).stream().collect(Collectors.toSet())).contains(poison.id());
    }
}
