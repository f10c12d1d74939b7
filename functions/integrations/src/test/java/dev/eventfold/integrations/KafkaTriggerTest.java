package dev.eventfold.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import dev.eventfold.model.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.eventfold.integrations.TestSupport.awaitConsumed;
import static dev.eventfold.integrations.TestSupport.eventually;
import static dev.eventfold.integrations.TestSupport.messages;
import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

/** The pull trigger end to end on the real broker: page.created from the events topic attributes a later page view. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class KafkaTriggerTest {

    @Test
    void userStatesAndAttributedPageViewsFromTheTopicsReachTheTool() throws Exception {
        TestSupport.Org org = newOrg();
        try (FakeTool segment = new FakeTool("{}")) {
            String id = org.destination("segment", segment.baseUrl(), "wk_kafka", Map.of());
            produce(List.of(org.pageCreated("page-k", "ada@example.com")));
            awaitConsumed(Topic.EVENTS);
            CloudEvent user = org.user("u-k", "ada@example.com", "Ada");
            CloudEvent view = org.pageView("page-k");
            produce(List.of(user, view));
            produce(List.of(user)); // a redelivered record is a duplicate: nothing more is queued

            eventually("both delivered", () -> messages(id, "succeeded") == 2);
            awaitConsumed(Topic.USERS, Topic.VISITS_ENRICHED);
            List<JsonNode> sent = new ArrayList<>();
            for (FakeTool.Request request : segment.requests()) {
                Json.MAPPER.readTree(request.body()).path("batch").forEach(sent::add);
            }
            assertThat(sent).extracting(m -> m.path("type").asText() + " " + m.path("messageId").asText())
                    .containsExactlyInAnyOrder("identify " + user.id(), "page " + view.id());
            JsonNode page = sent.stream().filter(m -> m.path("type").asText().equals("page")).findFirst().orElseThrow();
            assertThat(page.path("context").path("traits").path("email").asText()).isEqualTo("ada@example.com");
            assertThat(messages(id, "pending") + messages(id, "failed")).isZero();
        }
    }
}
