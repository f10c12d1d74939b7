package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.Json;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.testapp.CounterHandler;
import dev.eventfold.runtime.testapp.FaultyEmitter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Knative path answers at the commit, so Kafka being down does not fail deliveries: derived events wait in
 * the outbox and leave, in order, once Kafka takes records again.
 */
@QuarkusTest
@TestProfile(OutboxRelayTest.KafkaCanFail.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {

    /** Swaps in the emitter whose sends can be made to fail. */
    public static class KafkaCanFail implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FaultyEmitter.class);
        }
    }

    @AfterEach
    void kafkaBack() {
        FaultyEmitter.KAFKA_DOWN.set(false);
    }

    @Test
    void whileKafkaRefusesDeliveriesAreAnsweredAndTheirDerivedEventsLeaveInOrderOnceItIsBack() throws Exception {
        String subject = "user-" + UUID.randomUUID();
        CloudEvent first = userCreated(subject, "Ada");
        CloudEvent second = userCreated(subject, "Grace");
        CloudEvent third = userCreated(subject, "Barbara");

        FaultyEmitter.KAFKA_DOWN.set(true);
        post(first).then().statusCode(204);
        post(second).then().statusCode(204);
        assertThat(counter(subject)).isEqualTo(2);
        assertThat(queryLong("SELECT count(*) FROM runtime_test.outbox, unnest(events) e WHERE e::jsonb->>'subject' = ?", subject))
                .as("derived events kept in the outbox").isEqualTo(2);

        FaultyEmitter.KAFKA_DOWN.set(false);
        post(third).then().statusCode(204);

        List<String> ids = List.of(first, second, third).stream()
                .map(e -> DerivedIds.derivedId(CounterHandler.NAME, e)).toList();
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> ids.get(2).equals(header(r, "ce_id"))), Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> mine = users.stream().filter(r -> key(subject).equals(r.key())).toList();
        // each once at least (a resend after a failure repeats an id, which consumers deduplicate), never overtaken
        List<String> firstSeen = mine.stream().map(r -> header(r, "ce_id")).distinct().toList();
        assertThat(firstSeen).containsExactlyElementsOf(ids);
        assertThat(Json.MAPPER.readTree(mine.get(mine.size() - 1).value()).get("name").asText()).isEqualTo("Barbara");
        eventually("the sent outbox rows are deleted", () -> queryLong(
                "SELECT count(*) FROM runtime_test.outbox, unnest(events) e WHERE e::jsonb->>'subject' = ?", subject) == 0);
    }
}
