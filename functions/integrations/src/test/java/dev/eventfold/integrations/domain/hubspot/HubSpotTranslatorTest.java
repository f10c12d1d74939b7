package dev.eventfold.integrations.domain.hubspot;

import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.ItemOutcome;
import dev.eventfold.integrations.domain.Translator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.eventfold.integrations.domain.Samples.answer;
import static dev.eventfold.integrations.domain.Samples.contact;
import static dev.eventfold.integrations.domain.Samples.items;
import static dev.eventfold.integrations.domain.Samples.json;
import static dev.eventfold.integrations.domain.Samples.visit;
import static org.assertj.core.api.Assertions.assertThat;

class HubSpotTranslatorTest {

    final HubSpotTranslator hubspot = new HubSpotTranslator();
    final DestinationSpec spec = new DestinationSpec(Map.of("loginCount", "eventfold_logins", "roles", ""),
            Map.of(HubSpotTranslator.PAGE_VIEW_EVENT, "pe12345_page_viewed"));

    @Test
    void userStateBecomesAnUpsertInputKeyedByEmail() {
        Translator.Plan plan = hubspot.plan(items(hubspot, spec, contact("u1", "ada@example.com", "Ada Lovelace")), spec);

        assertThat(plan.requests()).hasSize(1);
        ApiRequest request = plan.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
        assertThat(request.headers()).containsEntry("Content-Type", "application/json");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"inputs":[{"idProperty":"email","id":"ada@example.com","properties":{
                  "firstname":"Ada","lastname":"Lovelace","eventfold_logins":3}}]}"""));
    }

    @Test
    void pageViewOfAKnownRecipientBecomesABehavioralEventOccurrence() {
        Translator.Plan plan = hubspot.plan(items(hubspot, spec, visit("e-1", "p-7", "ada@example.com")), spec);

        ApiRequest request = plan.requests().get(0);
        assertThat(request.path()).isEqualTo("/events/v3/send/batch");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"inputs":[{"eventName":"pe12345_page_viewed","email":"ada@example.com",
                  "occurredAt":"2026-03-01T10:15:30Z","uuid":"e-1","properties":{
                  "hs_page_id":"p-7","hs_referrer":"https://mail.example/","hs_user_agent":"Mozilla/5.0",
                  "hs_country":"France","hs_region":"Île-de-France","hs_city":"Paris"}}]}"""));
    }

    @Test
    void nothingToSendWithoutAnEmailOrARecipientOrAnEventName() {
        assertThat(hubspot.translate(contact("u1", null, "Ada"), spec)).isEmpty();
        assertThat(hubspot.translate(visit("e-1", "p-7", null), spec)).isEmpty();
        assertThat(hubspot.translate(visit("e-1", "p-7", "ada@example.com"), DestinationSpec.defaults())).isEmpty();
    }

    @Test
    void contactsAndEventsGoToTheirEndpointsInBatchesOfTheirLimits() {
        List<IntegrationEvent> events = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> events.add(contact("u" + i, "u" + i + "@example.com", "U " + i)));
        IntStream.range(0, 501).forEach(i -> events.add(visit("e-" + i, "p-1", "u1@example.com")));

        Translator.Plan plan = hubspot.plan(items(hubspot, spec, events.toArray(IntegrationEvent[]::new)), spec);

        assertThat(plan.requests()).extracting(ApiRequest::path).containsExactly(
                HubSpotTranslator.UPSERT_PATH, HubSpotTranslator.UPSERT_PATH, HubSpotTranslator.EVENTS_PATH, HubSpotTranslator.EVENTS_PATH);
        assertThat(plan.requests()).extracting(r -> r.items().size()).containsExactly(100, 1, 500, 1);
        assertThat(json(plan.requests().get(0).bodyText()).path("inputs").size()).isEqualTo(100);
    }

    @Test
    void twoStatesOfOneContactInABatchSendOnlyTheLatestAndShareItsOutcome() {
        Translator.Plan plan = hubspot.plan(items(hubspot, spec, contact("u1", "ada@example.com", "Ada Byron"),
                contact("u2", "bob@example.com", "Bob"), withId(contact("u1", "ADA@example.com", "Ada Lovelace"), "later")), spec);

        ApiRequest request = plan.requests().get(0);
        assertThat(request.items()).containsExactly("evt-u2", "later");
        assertThat(json(request.bodyText()).path("inputs").get(1).path("properties").path("lastname").asText()).isEqualTo("Lovelace");
        assertThat(hubspot.outcomes(request, answer(200, "{\"status\":\"COMPLETE\",\"results\":[]}")))
                .containsOnlyKeys("evt-u1", "evt-u2", "later")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(ItemOutcome.DELIVERED));
    }

    @Test
    void multiStatusAbortsTheNamedInputsAndDeliversTheRest() {
        ApiRequest request = hubspot.plan(items(hubspot, spec, contact("u1", "a@example.com", "A"),
                contact("u2", "b@example.com", "B"), contact("u3", "c@example.com", "C")), spec).requests().get(0);

        Map<String, ItemOutcome> outcomes = hubspot.outcomes(request, answer(207, """
                {"status":"COMPLETE","results":[{"id":"1"},{"id":"3"}],"numErrors":1,"errors":[{"status":"error",
                 "category":"VALIDATION_ERROR","message":"Property values were not valid","context":{"ids":["b@example.com"]}}]}"""));

        assertThat(outcomes.get("evt-u1")).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(outcomes.get("evt-u3")).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(outcomes.get("evt-u2")).isEqualTo(new ItemOutcome.Abort("VALIDATION_ERROR: Property values were not valid"));
    }

    @Test
    void anErrorThatNamesNoInputRetriesTheUnnamedOnes() {
        ApiRequest request = hubspot.plan(items(hubspot, spec, contact("u1", "a@example.com", "A"),
                contact("u2", "b@example.com", "B")), spec).requests().get(0);

        Map<String, ItemOutcome> outcomes = hubspot.outcomes(request, answer(207, """
                {"errors":[{"category":"VALIDATION_ERROR","message":"x","context":{"ids":["a@example.com"]}},
                           {"category":"INTERNAL_ERROR","message":"try later"}]}"""));

        assertThat(outcomes.get("evt-u1")).isInstanceOf(ItemOutcome.Abort.class);
        assertThat(outcomes.get("evt-u2")).isInstanceOf(ItemOutcome.Retry.class);
    }

    @Test
    void wholeRequestStatuses() {
        ApiRequest request = hubspot.plan(items(hubspot, spec, contact("u1", "a@example.com", "A")), spec).requests().get(0);

        assertThat(hubspot.outcomes(request, answer(429, "{\"category\":\"RATE_LIMITS\"}", "Retry-After", "7")).get("evt-u1"))
                .isEqualTo(new ItemOutcome.Retry(Duration.ofSeconds(7), "HTTP 429: {\"category\":\"RATE_LIMITS\"}"));
        assertThat(hubspot.outcomes(request, answer(502, "")).get("evt-u1")).isInstanceOf(ItemOutcome.Retry.class);
        assertThat(hubspot.outcomes(request, answer(401, "{\"category\":\"EXPIRED_AUTHENTICATION\"}")).get("evt-u1"))
                .isInstanceOf(ItemOutcome.PauseDestination.class)
                .extracting(o -> ((ItemOutcome.PauseDestination) o).reason()).asString().contains("401", "EXPIRED_AUTHENTICATION");
        assertThat(hubspot.outcomes(request, answer(403, "{\"category\":\"MISSING_SCOPES\"}")).get("evt-u1"))
                .isInstanceOf(ItemOutcome.PauseDestination.class);
        assertThat(hubspot.outcomes(request, answer(400, "{\"category\":\"VALIDATION_ERROR\",\"message\":\"bad\"}")).get("evt-u1"))
                .isInstanceOf(ItemOutcome.Abort.class);
    }

    @Test
    void authenticatesWithTheAccessTokenAsBearer() {
        assertThat(hubspot.authentication("pat-na1-xyz")).containsExactly(Map.entry("Authorization", "Bearer pat-na1-xyz"));
    }

    @Test
    void validatesSettingsAndMappings() {
        assertThat(hubspot.validate(new DestinationSpec(Map.of("email", ""), Map.of("pageViewEventName", "viewed", "x", "1"))))
                .extracting(v -> v.field())
                .containsExactlyInAnyOrder("settings.pageViewEventName", "settings.x", "mappings.email");
        assertThat(hubspot.validate(spec)).isEmpty();
    }

    private static IntegrationEvent withId(dev.eventfold.integrations.domain.ContactChanged c, String id) {
        return new dev.eventfold.integrations.domain.ContactChanged(id, c.orgId(), c.time(), c.user());
    }
}
