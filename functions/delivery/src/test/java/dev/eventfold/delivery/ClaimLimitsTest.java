package dev.eventfold.delivery;

import dev.eventfold.delivery.domain.Decision;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.DestinationStore;
import dev.eventfold.delivery.testapp.TestClock;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.TestSettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's per-destination limits, on the real database, for a transport no worker serves ({@code manual}), so
 * that only the test claims: the concurrency cap (minus what the replica holds), rate tokens, a rate limit not
 * tracked yet, the open circuit and its single probe; and the circuit's count in {@code record}.
 * (Under test: destination-max-in-flight 4, failure-threshold 3, open-for 1m.)
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class ClaimLimitsTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final List<String> MANUAL = List.of("manual");

    @Inject
    DeliveryStore store;
    @Inject
    DestinationStore destinations;
    @Inject
    TestClock clock;
    @Inject
    Pool pool;
    @Inject
    dev.eventfold.delivery.worker.DeliveryWorker worker;

    private UUID destinationWith(int messages, Integer rateLimit) {
        String org = "org-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        destinations.create(pool, id, org, "manual", false, rateLimit, clock.instant()).await().atMost(AWAIT);
        store.enqueue(pool, IntStream.range(0, messages).mapToObj(i -> new NewMessage(id, org, "m-" + i, "t", "s-" + i, "{}"))
                .toList(), clock.instant().minusSeconds(1)).await().atMost(AWAIT);
        return id;
    }

    private int claim(UUID destination, DeliveryStore.Holdings holdings) {
        Instant now = clock.instant();
        return (int) store.claim(pool, now, now.plusSeconds(600), 100, MANUAL, holdings).await().atMost(AWAIT).stream()
                .filter(c -> c.message().destinationId().equals(destination)).count();
    }

    private static DeliveryStore.Holdings holding(UUID destination, int inFlight, int tokens) {
        return new DeliveryStore.Holdings(List.of(destination), List.of(inFlight), List.of(tokens));
    }

    private static void sql(String statement, Object... args) {
        try (Connection c = TestSettings.database(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object[] circuit(UUID destination) {
        try (Connection c = TestSettings.database(); PreparedStatement s = c.prepareStatement(
                "SELECT consecutive_failures, blocked_until FROM delivery_test.delivery_destinations WHERE id = ?")) {
            s.setObject(1, destination);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return new Object[]{rows.getInt(1), rows.getTimestamp(2)};
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDestinationGetsAtMostItsCapMinusWhatTheReplicaHolds() {
        UUID d = destinationWith(10, null);
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).isEqualTo(4);
        assertThat(claim(d, holding(d, 4, -1))).as("at the cap").isZero();
        assertThat(claim(d, holding(d, 3, -1))).isEqualTo(1);
        assertThat(claim(d, holding(d, 0, 2))).as("two rate tokens left").isEqualTo(2);
        assertThat(claim(d, holding(d, 0, 0))).as("no token left").isZero();
    }

    @Test
    void aClaimHidesItsMessagesUntilItsLeaseEndsOrARecordingEndsIt() {
        UUID d = destinationWith(2, null);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<DeliveryStore.Claimed> first = store.claim(pool, now, now.plusSeconds(600), 100, MANUAL).await().atMost(AWAIT)
                .stream().filter(c -> c.message().destinationId().equals(d)).toList();
        assertThat(first).hasSize(2);
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).as("leased: another replica's claim skips them").isZero();
        Instant leaseOver = now.plusSeconds(601);   // the sender died: its claims come back after the lease
        List<DeliveryStore.Claimed> again = store.claim(pool, leaseOver, leaseOver.plusSeconds(600), 100, MANUAL)
                .await().atMost(AWAIT).stream().filter(c -> c.message().destinationId().equals(d)).toList();
        assertThat(again).extracting(c -> c.message().eventId()).containsExactly("m-0", "m-1");
        record(again.get(0), Outcome.retry(500, 1, "", null), leaseOver);   // due again 5 s later, lease or not
        List<DeliveryStore.Claimed> retried = store.claim(pool, leaseOver.plusSeconds(5), leaseOver.plusSeconds(900), 100, MANUAL)
                .await().atMost(AWAIT).stream().filter(c -> c.message().destinationId().equals(d)).toList();
        assertThat(retried).as("the retry, not the other message still leased").extracting(c -> c.message().eventId())
                .containsExactly("m-0");
    }

    @Test
    void aRateLimitNotTrackedYetBoundsTheFirstClaim() {
        UUID d = destinationWith(10, 3);
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).isEqualTo(3);
    }

    @Test
    void anOpenCircuitGetsNothingThenOneProbeAtATime() {
        UUID d = destinationWith(10, null);
        Instant now = clock.instant();
        sql("UPDATE delivery_test.delivery_destinations SET consecutive_failures = 3, blocked_until = ? WHERE id = ?",
                Timestamp.from(now.plusSeconds(60)), d);
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).as("open").isZero();
        sql("UPDATE delivery_test.delivery_destinations SET blocked_until = ? WHERE id = ?", Timestamp.from(now.minusSeconds(1)), d);
        assertThat(claim(d, holding(d, 1, -1))).as("a probe is out").isZero();
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).as("half open: one probe").isEqualTo(1);
    }

    @Test
    void failedBatchesWithoutAnAnswerOpenTheCircuitAndAnAnswerClosesIt() {
        UUID d = destinationWith(5, null);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);   // PostgreSQL's precision
        List<DeliveryStore.Claimed> claimed = store.claim(pool, now, now.plusSeconds(600), 100, MANUAL).await().atMost(AWAIT)
                .stream().filter(c -> c.message().destinationId().equals(d)).toList();
        assertThat(claimed).hasSize(4);
        Outcome refused = Outcome.error("connection error: refused", 1);
        Outcome clientError = Outcome.retry(404, 1, "", null);
        record(claimed.get(0), clientError, now);
        assertThat(circuit(d)[0]).as("a 4xx is an answer").isEqualTo(0);
        record(claimed.get(0), refused, now);
        record(claimed.get(1), Outcome.retry(502, 1, "", null), now);
        assertThat(circuit(d)).containsExactly(2, null);
        record(claimed.get(2), refused, now);
        assertThat(circuit(d)[0]).isEqualTo(3);
        assertThat(((Timestamp) circuit(d)[1]).toInstant()).isEqualTo(now.plus(Duration.ofMinutes(1)));
        record(claimed.get(3), Outcome.delivered(200, 1, ""), now);
        assertThat(circuit(d)).containsExactly(0, null);
    }

    private void record(DeliveryStore.Claimed claimed, Outcome outcome, Instant at) {
        Decision decision = outcome.delivered() ? Decision.of(Decision.Kind.SUCCEEDED) : Decision.retryAt(at.plusSeconds(5));
        store.record(pool, List.of(new DeliveryStore.Recorded(claimed.message(), outcome, decision)), at).await().atMost(AWAIT);
    }

    @Test
    void attemptsOlderThanTheRetentionArePrunedAndTheirMessagesKeepTheirState() {
        UUID d = destinationWith(3, null);
        Instant now = clock.instant();
        List<DeliveryStore.Claimed> claimed = store.claim(pool, now, now.plusSeconds(600), 100, MANUAL).await().atMost(AWAIT)
                .stream().filter(c -> c.message().destinationId().equals(d)).toList();
        Instant old = now.minus(Duration.ofDays(31));   // retention: 30 days by default
        record(claimed.get(0), Outcome.delivered(200, 1, ""), old);
        record(claimed.get(1), Outcome.retry(500, 1, "", null), old);
        record(claimed.get(2), Outcome.delivered(200, 1, ""), now);
        assertThat(store.attempts(pool, d, 100).await().atMost(AWAIT)).hasSize(3);

        assertThat(worker.prune().await().atMost(AWAIT)).isGreaterThanOrEqualTo(2);
        assertThat(store.attempts(pool, d, 100).await().atMost(AWAIT)).extracting(a -> a.messageId()).containsExactly("m-2");
        assertThat(store.messages(pool, d, "succeeded", 100).await().atMost(AWAIT)).hasSize(2);
        // in batches until none is left
        assertThat(store.pruneAttempts(pool, now.plusSeconds(1), 1).await().atMost(AWAIT)).isGreaterThanOrEqualTo(1);
        assertThat(store.attempts(pool, d, 100).await().atMost(AWAIT)).isEmpty();
    }

    @Test
    void theReceiversRateBoundsTheFirstClaimWhenItIsTheLower() {
        UUID d = destinationWith(10, 3);
        destinations.setReceiverRate(pool, d, 120, clock.instant()).await().atMost(AWAIT);   // 2 per second
        assertThat(claim(d, DeliveryStore.Holdings.NONE)).as("120 per minute under 3 per second").isEqualTo(2);
        UUID slow = destinationWith(10, null);
        destinations.setReceiverRate(pool, slow, 1, clock.instant()).await().atMost(AWAIT);
        assertThat(claim(slow, DeliveryStore.Holdings.NONE)).as("1 per minute: one now").isEqualTo(1);
        UUID own = destinationWith(10, 1);
        destinations.setReceiverRate(pool, own, 600, clock.instant()).await().atMost(AWAIT);
        List<DeliveryStore.Claimed> claimed = store.claim(pool, clock.instant(), clock.instant().plusSeconds(600), 100, MANUAL)
                .await().atMost(AWAIT).stream().filter(c -> c.message().destinationId().equals(own)).toList();
        assertThat(claimed).as("its own 1 per second under the receiver's 600 per minute").hasSize(1);
        assertThat(claimed.get(0).destination().ratePerMinute()).isEqualTo(60);
    }

    @Test
    void batchesRecordedTogetherCountTowardsTheCircuitInTheirOrder() {
        UUID d = destinationWith(4, null);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);   // PostgreSQL's precision
        List<DeliveryStore.Claimed> claimed = store.claim(pool, now, now.plusSeconds(600), 100, MANUAL).await().atMost(AWAIT)
                .stream().filter(c -> c.message().destinationId().equals(d)).toList();
        Outcome refused = Outcome.error("connection error: refused", 1);
        Instant later = now.plusSeconds(1);
        store.recordWithNotices(pool, List.of(round(claimed.get(0), refused, now), round(claimed.get(1), refused, now),
                round(claimed.get(2), Outcome.delivered(200, 1, ""), now), round(claimed.get(3), refused, later)))
                .await().atMost(AWAIT);
        assertThat(circuit(d)).as("the answer closed it, one failure after").containsExactly(1, null);
        assertThat(store.attempts(pool, d, 100).await().atMost(AWAIT)).hasSize(4);
        assertThat(store.messages(pool, d, "succeeded", 100).await().atMost(AWAIT)).extracting(m -> m.id()).containsExactly("m-2");

        List<DeliveryStore.Claimed> again = store.claim(pool, later.plusSeconds(10), later.plusSeconds(600), 100, MANUAL)
                .await().atMost(AWAIT).stream().filter(c -> c.message().destinationId().equals(d)).toList();
        assertThat(again).hasSize(3);
        store.recordWithNotices(pool, List.of(round(again.get(0), refused, later), round(again.get(1), refused, later)))
                .await().atMost(AWAIT);
        assertThat(circuit(d)[0]).isEqualTo(3);
        assertThat(((Timestamp) circuit(d)[1]).toInstant()).as("opened by the last failed batch")
                .isEqualTo(later.plus(Duration.ofMinutes(1)));
    }

    private static DeliveryStore.Round round(DeliveryStore.Claimed claimed, Outcome outcome, Instant at) {
        Decision decision = outcome.delivered() ? Decision.of(Decision.Kind.SUCCEEDED) : Decision.retryAt(at.plusSeconds(5));
        return new DeliveryStore.Round(List.of(new DeliveryStore.Recorded(claimed.message(), outcome, decision)), at);
    }
}
