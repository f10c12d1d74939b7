package dev.eventfold.delivery;

import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.delivery.store.QueuedMessage;
import dev.eventfold.delivery.testapp.ScriptedTransport;
import dev.eventfold.delivery.testapp.TestClock;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.localstack.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The machinery through a batch transport, as an integration would use it: batches within the transport's
 * limits, one outcome per message (a partial failure retries only the failed items), abort, pause on expired
 * credentials, disable, Retry-After, exhaustion and replay, per-subject order.
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class BatchDeliveryTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    DeliveryStore store;
    @Inject
    DestinationStore destinations;
    @Inject
    ScriptedTransport transport;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;

    private UUID destination(String org, boolean ordered) {
        UUID id = UUID.randomUUID();
        destinations.create(pool, id, org, ScriptedTransport.NAME, ordered, null, clock.instant()).await().atMost(AWAIT);
        return id;
    }

    private void enqueue(UUID destination, String org, String eventId, String subject, String payload) {
        store.enqueue(pool, List.of(new NewMessage(destination, org, eventId, "dev.eventfold.test", subject, payload)),
                clock.instant()).await().atMost(AWAIT);
    }

    private Map<String, QueuedMessage> messages(UUID destination) {
        return store.messages(pool, destination, null, 1000).await().atMost(AWAIT).stream()
                .collect(Collectors.toMap(QueuedMessage::id, m -> m));
    }

    private String status(UUID destination, String eventId) {
        QueuedMessage m = messages(destination).get(eventId);
        return m == null ? null : m.status();
    }

    private Destination destinationRow(String org, UUID id) {
        return destinations.get(pool, id, org).await().atMost(AWAIT);
    }

    /** The delivery notice of this type about the destination, from the deliveries topic (emitted through the outbox). */
    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> notice(String type, UUID destination) {
        String topic = dev.eventfold.model.Topic.DELIVERIES.topicName(TestSettings.get("eventfold.topic-prefix"));
        try (TopicReader reader = new TopicReader(TestSettings.get("kafka.bootstrap.servers"), topic)) {
            java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> match =
                    r -> type.equals(TopicReader.header(r, "ce_type")) && destination.toString().equals(TopicReader.header(r, "ce_subject"));
            return reader.readUntil(match).stream().filter(match).findFirst().orElseThrow();
        }
    }

    private static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(20), Duration.ofMillis(50), condition);
    }

    private static void settle() {
        try {
            Thread.sleep(500); // several poll intervals, for asserting that something did not happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void batchesStayWithinTheTransportsCountAndBytesAndHoldOneDestination() {
        String org = "org-" + UUID.randomUUID();
        UUID a = destination(org, false);
        UUID b = destination(org, false);
        // in one transaction: each commit wakes the worker, so messages enqueued one by one would go out one by one
        store.enqueue(pool, IntStream.range(0, 7).mapToObj(i -> new NewMessage(a, org, "a-" + i, "dev.eventfold.test", "s-" + i,
                "{\"n\":" + i + "}")).toList(), clock.instant()).await().atMost(AWAIT);
        String big = "{\"text\":\"" + "x".repeat(400) + "\"}";
        enqueue(b, org, "b-0", "s-0", big);
        enqueue(b, org, "b-1", "s-1", big);
        eventually("all delivered", () -> messages(a).values().stream().allMatch(m -> m.status().equals("succeeded"))
                && messages(b).values().stream().allMatch(m -> m.status().equals("succeeded")));

        List<Batch> toA = transport.batches(a);
        assertThat(toA).allSatisfy(batch -> assertThat(batch.messages()).hasSizeBetween(1, 3)
                .allSatisfy(m -> assertThat(m.destinationId()).isEqualTo(a)));
        assertThat(toA.stream().mapToInt(batch -> batch.messages().size()).sum()).isEqualTo(7);
        assertThat(toA.stream().anyMatch(batch -> batch.messages().size() > 1)).as("several per batch").isTrue();
        // two payloads of ~410 bytes exceed 600 together: one per batch
        assertThat(transport.batches(b)).hasSize(2).allSatisfy(batch -> assertThat(batch.messages()).hasSize(1));
    }

    @Test
    void aPartialBatchFailureRetriesOnlyTheFailedItemAndAnAbortFailsAtOnce() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, false);
        transport.script("p-1", m -> Outcome.retry(500, 3, "item failed", null));
        transport.script("p-2", m -> Outcome.abort("invalid email", 400, 3, "{\"error\":\"invalid email\"}"));
        // enqueued together, so that one round claims them into one batch
        store.enqueue(pool, IntStream.range(0, 3).mapToObj(i -> new NewMessage(d, org, "p-" + i, "dev.eventfold.test",
                "s-" + i, "{}")).toList(), clock.instant()).await().atMost(AWAIT);

        eventually("first attempt of all three", () -> messages(d).values().stream().allMatch(m -> m.attempts() == 1));
        assertThat(transport.batches(d)).hasSize(1);
        assertThat(transport.batches(d).get(0).messages()).extracting(Message::eventId).containsExactly("p-0", "p-1", "p-2");
        Map<String, QueuedMessage> after = messages(d);
        assertThat(after.get("p-0").status()).isEqualTo("succeeded");
        assertThat(after.get("p-1").status()).isEqualTo("pending");
        assertThat(Duration.between(after.get("p-1").lastAttemptAt(), after.get("p-1").nextAttemptAt())).isEqualTo(Duration.ofSeconds(5));
        assertThat(after.get("p-2").status()).isEqualTo("failed");
        assertThat(after.get("p-2").failure()).isEqualTo("aborted: invalid email");

        clock.advance(Duration.ofSeconds(5));
        eventually("the failed item delivered", () -> "succeeded".equals(status(d, "p-1")));
        assertThat(transport.batches(d)).hasSize(2);
        assertThat(transport.batches(d).get(1).messages()).extracting(Message::eventId).containsExactly("p-1");
        assertThat(store.attempts(pool, d, 100).await().atMost(AWAIT)).hasSize(4);
    }

    @Test
    void expiredCredentialsPauseTheDestinationWithoutUsingUpAttemptsUntilResumed() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        transport.script("c-0", m -> Outcome.pauseDestination("credentials expired (401)", 401, 3, "unauthorized"));
        enqueue(d, org, "c-0", "s-0", "{}");
        eventually("paused", () -> Destination.PAUSED.equals(destinationRow(org, d).status()));
        assertThat(destinationRow(org, d).statusReason()).isEqualTo("credentials expired (401)");
        enqueue(d, org, "c-1", "s-1", "{}");
        settle();
        assertThat(transport.batches(d)).hasSize(1);
        assertThat(messages(d).get("c-0").attempts()).isZero();
        assertThat(messages(d).get("c-0").status()).isEqualTo("pending");

        destinations.setStatus(pool, d, org, Destination.ACTIVE, null, clock.instant()).await().atMost(AWAIT);
        eventually("both delivered after resume", () -> "succeeded".equals(status(d, "c-0")) && "succeeded".equals(status(d, "c-1")));
    }

    @Test
    void aGoneDestinationIsDisabledAndAnotherOrganizationCannotSeeOrChangeIt() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        transport.script("g-0", m -> Outcome.disableDestination("410 Gone", 410, 3, ""));
        enqueue(d, org, "g-0", "s", "{}");
        eventually("disabled", () -> Destination.DISABLED.equals(destinationRow(org, d).status()));
        assertThat(status(d, "g-0")).isEqualTo("failed");
        assertThat(messages(d).get("g-0").failure()).isEqualTo("destination disabled: 410 Gone");
        var notice = notice("dev.eventfold.endpoint.disabled", d);
        assertThat(new String(notice.value(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"reason\":\"410 Gone\"");
        assertThat(destinations.get(pool, d, "another-org").await().atMost(AWAIT)).isNull();
        assertThat(destinations.setStatus(pool, d, "another-org", Destination.ACTIVE, null, clock.instant())
                .await().atMost(AWAIT)).isNull();
        assertThat(destinations.delete(pool, d, "another-org").await().atMost(AWAIT)).isFalse();
        assertThat(destinationRow(org, d).status()).isEqualTo(Destination.DISABLED);
    }

    @Test
    void retryAfterIsHonouredTheScheduleRunsOutAndAReplayDelivers() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        transport.script("r-0", m -> Outcome.retryAfter(Duration.ofSeconds(120), 429, 3, ""),
                m -> Outcome.retry(503, 3, "", null), m -> Outcome.retry(503, 3, "", null));
        enqueue(d, org, "r-0", "s", "{}");
        eventually("first attempt", () -> messages(d).get("r-0").attempts() == 1);
        QueuedMessage first = messages(d).get("r-0");
        assertThat(Duration.between(first.lastAttemptAt(), first.nextAttemptAt())).isEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(121));
        eventually("second attempt", () -> messages(d).get("r-0").attempts() == 2);
        clock.advance(Duration.ofMinutes(5));
        eventually("exhausted after the schedule's three attempts", () -> "failed".equals(status(d, "r-0")));
        assertThat(messages(d).get("r-0").failure()).isEqualTo("retries exhausted");
        assertThat(messages(d).get("r-0").attempts()).isEqualTo(3);
        var notice = notice("dev.eventfold.message.attempt.exhausted", d);
        assertThat(TopicReader.header(notice, "ce_orgid")).isEqualTo(org);
        assertThat(new String(notice.value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"messageId\":\"r-0\"", "\"attempts\":3", "\"lastResponseCode\":503");

        assertThat(store.replay(pool, d, "r-0", null, true, clock.instant()).await().atMost(AWAIT)).isEqualTo(1);
        eventually("replayed and delivered", () -> "succeeded".equals(status(d, "r-0")));
        assertThat(transport.batches(d)).hasSize(4);
    }

    @Test
    void aLaterMessageOfTheSameSubjectWaitsWhileAnEarlierOneRetriesEvenInBatches() {
        String org = "org-" + UUID.randomUUID();
        UUID d = destination(org, true);
        transport.script("o-0", m -> Outcome.retry(500, 3, "", null));
        store.enqueue(pool, List.of(new NewMessage(d, org, "o-0", "t", "same", "{}"),
                new NewMessage(d, org, "o-1", "t", "same", "{}"),
                new NewMessage(d, org, "o-2", "t", "other", "{}")), clock.instant()).await().atMost(AWAIT);
        eventually("the other subject delivered", () -> "succeeded".equals(status(d, "o-2")));
        settle();
        assertThat(status(d, "o-1")).isEqualTo("pending");
        assertThat(messages(d).get("o-1").attempts()).isZero();
        clock.advance(Duration.ofSeconds(5));
        eventually("both of the subject delivered", () -> "succeeded".equals(status(d, "o-1")));
        List<String> sent = transport.batches(d).stream().flatMap(b -> b.messages().stream()).map(Message::eventId).toList();
        assertThat(sent.indexOf("o-1")).isGreaterThan(sent.lastIndexOf("o-0"));
        assertThat(transport.batches(d)).allSatisfy(b -> assertThat(b.messages().stream().map(Message::subject).distinct().count())
                .isEqualTo(b.messages().size()));
    }
}
