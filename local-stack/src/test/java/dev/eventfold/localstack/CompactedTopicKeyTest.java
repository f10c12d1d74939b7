package dev.eventfold.localstack;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.payload.UserState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User ids are unique only within an organization. On the compacted users topic, where the log cleaner keeps only
 * the latest record of each key, two tenants' user {@code u1} must stay two users: one tenant's newer state must
 * never erase the other's.
 */
class CompactedTopicKeyTest {

    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void twoOrganizationsUsersOfOneIdBothSurviveCompaction() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        String topic = "compacted-users-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact",
                    "segment.ms", "100",
                    "min.cleanable.dirty.ratio", "0.01",
                    "min.compaction.lag.ms", "0",
                    "delete.retention.ms", "0")))).all().get();
        }
        CloudEvent acmeFirst = state("acme", "Ada", 1);
        CloudEvent globex = state("globex", "Grace", 1);
        CloudEvent acmeLatest = state("acme", "Ada L.", 2);
        TestKafka.produce(bootstrap, List.of(record(topic, acmeFirst), record(topic, globex), record(topic, acmeLatest)));

        // the active segment is never cleaned: each later append (after segment.ms) rolls it, so the states above
        // become cleanable; the cleaner has run once acme's superseded state is gone
        TestKafka.eventually("the log cleaner compacted " + topic, Duration.ofSeconds(60), Duration.ofMillis(300), () -> {
            TestKafka.produce(bootstrap, List.of(record(topic, state("initech", "filler", 1))));
            return !ids(TestKafka.readToEnd(bootstrap, topic, Duration.ofSeconds(10))).contains(acmeFirst.id());
        });

        List<String> kept = ids(TestKafka.readToEnd(bootstrap, topic, Duration.ofSeconds(10)));
        assertThat(kept).contains(acmeLatest.id(), globex.id()).doesNotContain(acmeFirst.id());
    }

    private static CloudEvent state(String org, String name, long logins) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/user-aggregator", EventType.USER_STATE_UPDATED, "u1", AT,
                org, null, new UserState("u1", org, name, "u1@example.com", List.of(), AT, AT, logins, 0, null, null));
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(String topic, CloudEvent e) {
        return KafkaBinding.toRecord(topic, e);
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TestKafka.header(r, "ce_id")).toList();
    }
}
