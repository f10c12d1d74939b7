package dev.eventfold.webhooks;

import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.model.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Several claimers never share a message; a slow endpoint does not hold up a healthy one. */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class ConcurrencyTest {

    @Inject
    DeliveryStore store;
    @Inject
    Pool pool;
    @Inject
    TestClock clock;

    @Test
    void concurrentClaimersLikeReplicasNeverClaimTheSameMessage() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            org.api().post("/endpoints/" + endpoint.id() + "/pause").then().statusCode(200);
            List<CloudEvent> events = IntStream.range(0, 40).mapToObj(i -> org.campaignStats("campaign-" + i, i)).toList();
            events.forEach(e -> post(e).then().statusCode(204));

            // four "other replicas" claim at the same time as this application's own worker
            org.api().post("/endpoints/" + endpoint.id() + "/resume").then().statusCode(200);
            ConcurrentLinkedQueue<String> claimedElsewhere = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Void>> replicas = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                replicas.add(CompletableFuture.runAsync(() -> {
                    Instant now = clock.instant();
                    List<DeliveryStore.Claimed> claimed = store.claim(pool, now, now.plus(Duration.ofHours(1)), 6,
                            List.of("webhooks")).await().atMost(Duration.ofSeconds(10));
                    claimed.stream().filter(c -> c.message().destinationId().toString().equals(endpoint.id()))
                            .forEach(c -> claimedElsewhere.add(c.message().eventId()));
                }));
            }
            replicas.forEach(CompletableFuture::join);
            Set<String> elsewhere = new HashSet<>(claimedElsewhere);
            assertThat(elsewhere).as("no message claimed twice").hasSameSizeAs(claimedElsewhere);
            // the application's worker takes at most batch-size (8 under test) at once: the others got some
            assertThat(elsewhere).as("the other claimers competed").isNotEmpty();

            eventually("the worker delivered what the others did not claim",
                    () -> receiver.posts().size() == events.size() - elsewhere.size());
            TestSupport.settle();
            List<String> delivered = receiver.posts().stream().map(r -> r.header("webhook-id")).toList();
            assertThat(new HashSet<>(delivered)).hasSameSizeAs(delivered).doesNotContainAnyElementsOf(elsewhere);
            assertThat(delivered.size() + elsewhere.size()).isEqualTo(events.size());
        }
    }

    /**
     * A slow endpoint (every answer later than the response timeout) beside a healthy one: the slow one holds at
     * most destination-max-in-flight (2 under test) of the 8 slots and its circuit opens after 3 failures, so
     * the healthy one gets all its messages while the slow one has had a handful of requests, not its backlog.
     * Without the per-destination cap the slow backlog (older, first in the claim order) would fill every slot.
     */
    @Test
    void aSlowEndpointDoesNotHoldUpAHealthyOne() {
        TestSupport.Org org = newOrg();
        try (Receiver slow = new Receiver().byDefault(Receiver.Reply.slow(3000)); Receiver fast = new Receiver()) {
            org.endpoint(java.util.Map.of("url", slow.url("/slow"), "ordered", false, "subjects", List.of("slow-*")));
            for (int i = 0; i < 30; i++) {
                post(org.campaignStats("slow-" + i, i)).then().statusCode(204);
            }
            eventually("the slow endpoint is busy", () -> slow.posts().size() >= 2);
            org.endpoint(java.util.Map.of("url", fast.url("/fast"), "subjects", List.of("fast-*")));
            for (int i = 0; i < 10; i++) {
                post(org.campaignStats("fast-" + i, i)).then().statusCode(204);
            }
            eventually("the healthy endpoint got all its events", () -> fast.posts().size() == 10);
            // the cap (2 at once) until 3 failures open the circuit: at most 3 + 2 requests, whatever the backlog
            assertThat(slow.posts().size()).isBetween(2, 5);
            assertThat(fast.posts()).extracting(r -> r.header("ce-subject"))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "fast-" + i).toList());
        }
    }
}
