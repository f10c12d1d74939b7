package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.runtime.processing.DedupPruner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Dedup records past the retention (30 days by default) are deleted; younger ones, and their effect, stay. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class DedupPrunerTest {

    @Inject
    DedupPruner pruner;

    @Test
    void recordsOlderThanTheRetentionArePrunedInChunksAndYoungerOnesStay() {
        String run = UUID.randomUUID().toString();
        execute("INSERT INTO runtime_test.processed_events (org_id, source, event_id, processed_at) "
                + "SELECT 'org-old', '/prune', '" + run + "-' || n, now() - interval '31 days' "
                + "FROM generate_series(1, 25000) n");
        execute("INSERT INTO runtime_test.processed_events (org_id, source, event_id, processed_at) "
                + "VALUES ('org-old', '/prune', '" + run + "-young', now() - interval '29 days')");
        var fresh = userCreated("user-" + run, "Ada");
        post(fresh).then().statusCode(204);

        long deleted = pruner.prune().await().indefinitely();

        assertThat(deleted).isGreaterThanOrEqualTo(25_000);
        assertThat(queryLong("SELECT count(*) FROM runtime_test.processed_events WHERE event_id LIKE ?", run + "-%"))
                .isEqualTo(1);
        assertThat(processed(fresh.id())).isTrue();
        post(fresh).then().statusCode(204);
        assertThat(counter(fresh.subject())).isEqualTo(1);
    }
}
