package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.replay.ProjectionReplay;
import dev.eventfold.useraggregator.replay.UserReplayFold;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.eventfold.useraggregator.TestSupport.as;
import static dev.eventfold.useraggregator.TestSupport.db;
import static dev.eventfold.useraggregator.TestSupport.eventually;
import static dev.eventfold.useraggregator.TestSupport.header;
import static dev.eventfold.useraggregator.TestSupport.issueKey;
import static dev.eventfold.useraggregator.TestSupport.produce;
import static dev.eventfold.useraggregator.TestSupport.read;
import static dev.eventfold.useraggregator.TestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Kafka trigger end to end on the real broker and PostgreSQL: a log with an early event, a duplicate record,
 * a poison record and another organization's event ends in the projection that a clean replay of the same log
 * builds; the replay then switches reads and live writes over to its version.
 */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
public class UserAggregatorKafkaTest {

    @Test
    void aMessyLogEndsLikeACleanReplayWhichThenTakesOver() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String key = issueKey(org);
        String p = "k" + UUID.randomUUID().toString().substring(0, 8) + "-";
        UserEvents acme = new UserEvents(org);
        UserEvents other = new UserEvents("org-" + UUID.randomUUID());
        CloudEvent earlyLogin = acme.loggedIn(p + "u1", 2, "10.0.0.1");
        CloudEvent created = acme.created(p + "u1", 0, "Ada", "ada@example.com", "admin");
        CloudEvent renamed = acme.updated(p + "u1", 3, "Ada L.", null, null);
        CloudEvent failed = acme.loginFailed(p + "u1", 4, "10.0.0.9", "bad password");
        CloudEvent poison = acme.poison(p + "u2", 1);
        CloudEvent intruder = other.updated(p + "u1", 5, "Mallory", null, null);
        CloudEvent created2 = acme.created(p + "u2", 1, "Bob", "bob@example.com");
        CloudEvent orphan = acme.loggedIn(p + "u3", 6, "10.0.0.3");
        ProducerRecord<String, byte[]> notJson = new ProducerRecord<>(record(created2).topic(), null, p + "u2",
                "{not json".getBytes(StandardCharsets.UTF_8), record(created2).headers());

        produce(List.of(record(earlyLogin), record(created), record(renamed), record(earlyLogin), record(failed),
                record(poison), record(intruder), record(created2), record(orphan), notJson));

        eventually("the log is folded", () -> {
            Response u1 = as(key).get("/users/" + p + "u1");
            return u1.statusCode() == 200 && u1.path("failedLoginCount").equals(1) && "Ada L.".equals(u1.path("name"))
                    && as(key).get("/users/" + p + "u2").statusCode() == 200;
        });
        as(key).get("/users/" + p + "u1").then().body("loginCount", equalTo(1)).body("lastLoginIp", equalTo("10.0.0.1"));
        List<ConsumerRecord<String, byte[]>> dead = read(Topic.DEAD_LETTER, seen -> ids(seen).contains(poison.id()) && seen.stream().anyMatch(r -> (p + "u2").equals(r.key())
                && "{not json".equals(new String(r.value(), StandardCharsets.UTF_8))));
        assertThat(ids(dead)).contains(poison.id());
        Map<String, String> derived = Map.of(
                DerivedIds.derivedId("user-aggregator", created), KafkaBinding.key(org, p + "u1"),
                DerivedIds.derivedId("user-aggregator", earlyLogin), KafkaBinding.key(org, p + "u1"),
                DerivedIds.derivedId("user-aggregator", renamed), KafkaBinding.key(org, p + "u1"),
                DerivedIds.derivedId("user-aggregator", failed), KafkaBinding.key(org, p + "u1"),
                DerivedIds.derivedId("user-aggregator", created2), KafkaBinding.key(org, p + "u2"));
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS, seen -> ids(seen).containsAll(derived.keySet()));
        Map<String, String> keys = users.stream().filter(r -> derived.containsKey(header(r, "ce_id")))
                .collect(Collectors.toMap(r -> header(r, "ce_id"), ConsumerRecord::key, (a, b) -> a));
        assertThat(keys).isEqualTo(derived);

        String before = activeVersion();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ProjectionReplay.Result result = new ProjectionReplay(new UserReplayFold(),
                TestSupport.replaySettings(new PrintStream(progress, true, StandardCharsets.UTF_8))).run();

        assertThat(result.schema()).isNotEqualTo(before);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("events done").contains("lag 0")
                .contains("events/s").contains("switched");
        try (Connection c = db()) {
            Map<String, List<String>> live = ProjectionTables.snapshot(c, before, p);
            assertThat(live.get("users")).hasSize(2);
            // the orphan login, and the intruder's update: for its own organization's u1, which does not exist
            assertThat(live.get("parked_events")).hasSize(2);
            assertThat(ProjectionTables.snapshot(c, result.schema(), p)).isEqualTo(live);
        }
        assertThat(activeVersion()).isEqualTo(result.schema());
        as(key).get("/users/" + p + "u1").then().statusCode(200).body("name", equalTo("Ada L."));

        produce(List.of(record(acme.loggedIn(p + "u1", 7, "10.0.0.7"))));
        eventually("live writes reach the new version", () ->
                "10.0.0.7".equals(as(key).get("/users/" + p + "u1").path("lastLoginIp")));
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet());
    }

    private static String activeVersion() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM user_aggregator.active_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
