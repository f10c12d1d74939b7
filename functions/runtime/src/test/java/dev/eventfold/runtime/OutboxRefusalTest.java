package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A derived event Kafka refuses for good (here: larger than the producer's {@code max.request.size}) is set aside
 * with its reason and a dead-letter notice, and the derived events committed after it still flow.
 */
@QuarkusTest
@TestProfile(OutboxRefusalTest.SmallRequests.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class OutboxRefusalTest {

    /** Records over 2,048 bytes are refused by the producer: a 3,000-character name makes one. */
    public static class SmallRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.max.request.size", "2048");
        }
    }

    @Test
    void anOversizedDerivedEventIsSetAsideAndTheOnesAfterItAreSent() {
        String run = UUID.randomUUID().toString();
        CloudEvent oversized = userCreated("big-" + run, "A".repeat(3000));
        CloudEvent after = userCreated("after-" + run, "Grace");
        String oversizedId = DerivedIds.derivedId(CounterHandler.NAME, oversized);
        String afterId = DerivedIds.derivedId(CounterHandler.NAME, after);

        produce(List.of(record(oversized)));
        eventually("the oversized event's effect is committed", () -> counter(oversized.subject()) == 1);
        produce(List.of(record(after)));

        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> afterId.equals(header(r, "ce_id"))), Duration.ofSeconds(30));
        assertThat(users).anyMatch(r -> afterId.equals(header(r, "ce_id")));
        assertThat(users).noneMatch(r -> oversizedId.equals(header(r, "ce_id")));

        eventually("the outbox holds nothing", () -> queryLong("SELECT count(*) FROM runtime_test.outbox") == 0);
        assertThat(queryLong("SELECT count(*) FROM runtime_test.outbox_refused WHERE event->>'id' = ?"
                + " AND reason LIKE '%RecordTooLarge%'", oversizedId)).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dead = read(Topic.DEAD_LETTER,
                seen -> seen.stream().anyMatch(r -> oversizedId.equals(header(r, "ce_id"))), Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> notice = dead.stream().filter(r -> oversizedId.equals(header(r, "ce_id")))
                .findFirst().orElseThrow();
        assertThat(header(notice, DeadLetterHeaders.REASON)).contains("RecordTooLarge");
        assertThat(header(notice, DeadLetterHeaders.FUNCTION)).isEqualTo(CounterHandler.NAME);
        assertThat(notice.value()).isNull();
    }
}
