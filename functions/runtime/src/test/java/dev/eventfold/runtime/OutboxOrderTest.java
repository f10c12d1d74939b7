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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subject's derived events leave in the order they were committed, also when an older one was committed by
 * another replica or by a process that died before sending it: the newer one is not sent ahead of it.
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class OutboxOrderTest {

    @Test
    void aNewerStateWaitsForTheOlderOneAnotherProcessLeftInTheOutbox() throws Exception {
        // the relay has caught up with the table since its start: from here on it sends what commits directly
        CloudEvent warmUp = userCreated("user-" + UUID.randomUUID(), "Warm");
        post(warmUp).then().statusCode(204);
        String warmUpDerived = DerivedIds.derivedId(CounterHandler.NAME, warmUp);
        read(Topic.USERS, seen -> seen.stream().anyMatch(r -> warmUpDerived.equals(header(r, "ce_id"))), Duration.ofSeconds(30));

        String subject = "user-" + UUID.randomUUID();
        Instant earlier = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CloudEvent leftBehind = CloudEvent.of("left-" + UUID.randomUUID(), "/" + CounterHandler.NAME,
                EventType.USER_STATE_UPDATED, subject, earlier, ORG, null,
                new UserState(subject, ORG, "Ada", "ada@example.com", List.of("member"), earlier, earlier, 1, 0, null, null));
        try (Connection c = db(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO runtime_test.outbox (events, keys, n) VALUES (ARRAY[?], ARRAY[?], 1)")) {
            insert.setString(1, EventCodec.encode(leftBehind).toString());
            insert.setString(2, key(subject));
            insert.executeUpdate();
        }

        CloudEvent next = userCreated(subject, "Grace");
        post(next).then().statusCode(204);

        String newer = DerivedIds.derivedId(CounterHandler.NAME, next);
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS, seen -> seen.stream()
                .filter(r -> key(subject).equals(r.key())).map(r -> header(r, "ce_id")).distinct().count() == 2,
                Duration.ofSeconds(30));
        List<String> order = users.stream().filter(r -> key(subject).equals(r.key())).map(r -> header(r, "ce_id"))
                .distinct().toList();
        assertThat(order).containsExactly(leftBehind.id(), newer);
    }
}
