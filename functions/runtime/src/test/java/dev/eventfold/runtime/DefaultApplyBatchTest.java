package dev.eventfold.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.runtime.processing.EventRejectedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default batch fold, without a database: order, size and the rejection of exactly one event. */
class DefaultApplyBatchTest {

    /** Derives one event per input, with the input's id as subject; rejects subjects starting with "bad". */
    private final EventHandler echo = new EventHandler() {
        public String functionName() {
            return "echo";
        }

        public Set<EventType> consumes() {
            return Set.of(EventType.USER_CREATED);
        }

        public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
            if (event.subject().startsWith("bad")) {
                return Uni.createFrom().failure(new ValidationException("subject", "is bad"));
            }
            return Uni.createFrom().item(List.of(event));
        }
    };

    @Test
    void foldsALargeBatchInOrderWithoutOverflowingTheStack() {
        List<CloudEvent> events = IntStream.range(0, 50_000).mapToObj(i -> event("user-" + i)).toList();

        List<CloudEvent> derived = echo.applyBatch(events, null).await().indefinitely();

        assertThat(derived).containsExactlyElementsOf(events);
    }

    @Test
    void aRejectionNamesTheEventThatCanNeverApply() {
        CloudEvent bad = event("bad-2");
        List<CloudEvent> events = List.of(event("user-1"), bad, event("user-3"));

        assertThatThrownBy(() -> echo.applyBatch(events, null).await().indefinitely())
                .isInstanceOfSatisfying(EventRejectedException.class, e -> assertThat(e.event()).isEqualTo(bad));
    }

    private static CloudEvent event(String subject) {
        return new CloudEvent(subject, "/test", EventType.USER_CREATED.type(), subject, Instant.EPOCH, "org-1", null,
                JsonNodeFactory.instance.objectNode());
    }
}
