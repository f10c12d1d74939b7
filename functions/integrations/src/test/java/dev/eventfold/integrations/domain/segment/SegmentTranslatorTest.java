package dev.eventfold.integrations.domain.segment;

import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.Item;
import dev.eventfold.integrations.domain.ItemOutcome;
import dev.eventfold.integrations.domain.Samples;
import dev.eventfold.integrations.domain.Translator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.eventfold.integrations.domain.Samples.answer;
import static dev.eventfold.integrations.domain.Samples.contact;
import static dev.eventfold.integrations.domain.Samples.items;
import static dev.eventfold.integrations.domain.Samples.json;
import static dev.eventfold.integrations.domain.Samples.visit;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentTranslatorTest {

    final SegmentTranslator segment = new SegmentTranslator();
    final DestinationSpec spec = DestinationSpec.defaults();

    @Test
    void identifyAndPageCallsInOneBatch() {
        ApiRequest request = segment.plan(items(segment, spec, contact("u1", "ada@example.com", "Ada Lovelace"),
                visit("e-1", "p-7", "ada@example.com")), spec).requests().get(0);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/batch");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"batch":[
                 {"type":"identify","userId":"u1","messageId":"evt-u1","timestamp":"2026-03-01T10:15:30Z","traits":{
                   "email":"ada@example.com","name":"Ada Lovelace","firstName":"Ada","lastName":"Lovelace",
                   "roles":"admin;buyer","loginCount":3,"createdAt":"2026-01-02T03:04:05Z"}},
                 {"type":"page","anonymousId":"v-42","name":"p-7","messageId":"e-1","timestamp":"2026-03-01T10:15:30Z",
                  "properties":{"pageId":"p-7","referrer":"https://mail.example/","countryCode":"FR","country":"France",
                   "region":"Île-de-France","city":"Paris"},
                  "context":{"userAgent":"Mozilla/5.0","ip":"198.51.100.7","traits":{"email":"ada@example.com"}}}]}"""));
    }

    @Test
    void pageViewsAsTrackCalls() {
        DestinationSpec track = new DestinationSpec(Map.of(), Map.of("pageViewsAs", "track"));
        ApiRequest request = segment.plan(items(segment, track, visit("e-1", "p-7", null)), track).requests().get(0);

        var message = json(request.bodyText()).path("batch").get(0);
        assertThat(message.path("type").asText()).isEqualTo("track");
        assertThat(message.path("event").asText()).isEqualTo("Page Viewed");
        assertThat(message.has("name")).isFalse();
        assertThat(message.path("context").has("traits")).isFalse();
    }

    @Test
    void batchesStayUnder500KilobytesAndMessagesOver32AreRefused() {
        String big = "x".repeat(10_000); // name and lastName: about 20 KB a message
        IntegrationEvent[] events = IntStream.range(0, 40).mapToObj(i -> contact("u" + i, "u" + i + "@example.com", big))
                .toArray(IntegrationEvent[]::new);
        Translator.Plan plan = segment.plan(items(segment, spec, events), spec);

        assertThat(plan.requests()).allSatisfy(r -> assertThat(r.body().length).isLessThanOrEqualTo(500 * 1024));
        assertThat(plan.requests().stream().mapToInt(r -> r.items().size()).sum()).isEqualTo(40);
        assertThat(plan.requests().size()).isGreaterThan(1);

        Item huge = new Item("huge", segment.translate(contact("h", "h@example.com", "y".repeat(40_000)), spec).orElseThrow());
        assertThat(segment.plan(java.util.List.of(huge), spec).refused().get("huge")).isInstanceOf(ItemOutcome.Abort.class);
    }

    @Test
    void oneAnswerForTheWholeBatch() {
        ApiRequest request = segment.plan(items(segment, spec, contact("u1", "a@example.com", "A"), contact("u2", "b@example.com", "B")), spec)
                .requests().get(0);

        assertThat(segment.outcomes(request, answer(200, "{\"success\":true}"))).containsOnlyKeys("evt-u1", "evt-u2")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(ItemOutcome.DELIVERED));
        assertThat(segment.outcomes(request, answer(429, "", "Retry-After", Samples.T0.plusSeconds(30)
                .atZone(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME))).get("evt-u2"))
                .isEqualTo(new ItemOutcome.Retry(Duration.ofSeconds(30), "HTTP 429: "));
        assertThat(segment.outcomes(request, answer(400, "payload too large")).get("evt-u1")).isInstanceOf(ItemOutcome.Abort.class);
    }

    @Test
    void authenticatesWithTheWriteKeyAsBasicUser() {
        // base64("wk_123:")
        assertThat(segment.authentication("wk_123")).isEqualTo(Map.of("Authorization", "Basic d2tfMTIzOg=="));
    }
}
