package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A crash between commit and emit: the derived event committed in the outbox still reaches Kafka. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class OutboxTest {

    @Test
    void aDerivedEventLeftInTheOutboxIsEmittedAndRemoved() throws Exception {
        String subject = "user-" + UUID.randomUUID();
        String id = DerivedIds.derivedId(CounterHandler.NAME, ORG, "/test", UUID.randomUUID().toString());
        CloudEvent derived = CloudEvent.of(id, "/runtime-test", EventType.USER_STATE_UPDATED, subject, Instant.now(),
                ORG, null, new UserState(subject, ORG, "Ada", "ada@example.com", List.of(), Instant.now(),
                        Instant.now(), 1, 0, null, null));
        // what a process that died right after its commit leaves behind
        try (var c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO runtime_test.outbox (events, keys, n, created_at) VALUES (ARRAY[?], ARRAY[?], 1, now() - interval '1 minute')")) {
            s.setString(1, EventCodec.encode(derived).toString());
            s.setString(2, key(subject));
            s.executeUpdate();
        }

        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> id.equals(header(r, "ce_id"))), Duration.ofSeconds(30));

        assertThat(users.stream().filter(r -> id.equals(header(r, "ce_id")))).hasSize(1)
                .first().extracting(ConsumerRecord::key).isEqualTo(key(subject));
        eventually("the outbox row is deleted", () -> queryLong(
                "SELECT count(*) FROM runtime_test.outbox, unnest(events) e WHERE e::jsonb->>'id' = ?", id) == 0);
    }
}
