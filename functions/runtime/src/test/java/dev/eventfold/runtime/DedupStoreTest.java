package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.EventIdentity;
import dev.eventfold.runtime.processing.DedupStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Recording identities never deadlocks, whatever order concurrent transactions hold them in. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class DedupStoreTest {

    @Inject
    Pool pool;
    @Inject
    DedupStore dedup;

    @Test
    void twoTransactionsRecordingTheSameIdsInOppositeOrdersBothCommitAndEachIdIsNewOnce() {
        // unsorted, PostgreSQL aborts one of such a pair with "deadlock detected" in about a third of the rounds
        for (int round = 0; round < 10; round++) {
            String run = UUID.randomUUID().toString();
            List<EventIdentity> ids = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ids.add(new EventIdentity("org-" + (i % 3), "/dedup", run + "-" + i));
            }
            List<EventIdentity> reversed = new ArrayList<>(ids);
            Collections.reverse(reversed);

            List<Set<EventIdentity>> fresh = Uni.join().all(
                    pool.withTransaction(tx -> dedup.recordNew(tx, ids)),
                    pool.withTransaction(tx -> dedup.recordNew(tx, reversed))).andFailFast()
                    .await().indefinitely();

            Set<EventIdentity> both = new HashSet<>(fresh.get(0));
            both.retainAll(fresh.get(1));
            assertThat(both).as("recorded as new by both transactions").isEmpty();
            Set<EventIdentity> all = new HashSet<>(fresh.get(0));
            all.addAll(fresh.get(1));
            assertThat(all).as("round %d", round).hasSize(ids.size());
        }
    }
}
