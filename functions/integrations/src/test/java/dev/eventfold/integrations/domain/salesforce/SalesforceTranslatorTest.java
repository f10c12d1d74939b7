package dev.eventfold.integrations.domain.salesforce;

import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.ItemOutcome;
import dev.eventfold.integrations.domain.Translator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.IntStream;

import static dev.eventfold.integrations.domain.Samples.answer;
import static dev.eventfold.integrations.domain.Samples.contact;
import static dev.eventfold.integrations.domain.Samples.items;
import static dev.eventfold.integrations.domain.Samples.json;
import static dev.eventfold.integrations.domain.Samples.visit;
import static org.assertj.core.api.Assertions.assertThat;

class SalesforceTranslatorTest {

    final SalesforceTranslator salesforce = new SalesforceTranslator();
    final DestinationSpec contacts = DestinationSpec.defaults();
    final DestinationSpec leads = new DestinationSpec(Map.of("loginCount", "Logins__c"),
            Map.of("object", "Lead", "apiVersion", "60.0", "externalIdField", "Ef_Email__c"));

    @Test
    void userStateBecomesAContactUpsertedOnTheEmailExternalId() {
        ApiRequest request = salesforce.plan(items(salesforce, contacts, contact("u1", "Ada@Example.com", "Ada King Lovelace")), contacts)
                .requests().get(0);

        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/services/data/v62.0/composite/sobjects/Contact/Eventfold_Email__c");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"allOrNone":false,"records":[{"attributes":{"type":"Contact"},"Eventfold_Email__c":"ada@example.com",
                  "Email":"Ada@Example.com","FirstName":"Ada King","LastName":"Lovelace"}]}"""));
    }

    @Test
    void aLeadGetsTheRequiredCompanyAndTheMappedFields() {
        ApiRequest request = salesforce.plan(items(salesforce, leads, contact("u1", "ada@example.com", null)), leads).requests().get(0);

        assertThat(request.path()).isEqualTo("/services/data/v60.0/composite/sobjects/Lead/Ef_Email__c");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"allOrNone":false,"records":[{"attributes":{"type":"Lead"},"Ef_Email__c":"ada@example.com",
                  "Email":"ada@example.com","LastName":"ada@example.com","Logins__c":3,"Company":"[not provided]"}]}"""));
    }

    @Test
    void pageViewBecomesACompletedTaskUpsertedOnTheEventIdAndLinkedToThePerson() {
        ApiRequest request = salesforce.plan(items(salesforce, contacts, visit("e-1", "p-7", "ada@example.com")), contacts)
                .requests().get(0);

        assertThat(request.path()).isEqualTo("/services/data/v62.0/composite/sobjects/Task/Eventfold_Event_Id__c");
        assertThat(json(request.bodyText())).isEqualTo(json("""
                {"allOrNone":false,"records":[{"attributes":{"type":"Task"},"Eventfold_Event_Id__c":"e-1",
                  "Subject":"Viewed page p-7","Status":"Completed","ActivityDate":"2026-03-01",
                  "Description":"Viewed at 2026-03-01T10:15:30Z\\npageId: p-7\\nreferrer: https://mail.example/\\nuserAgent: Mozilla/5.0\\nvisitorId: v-42\\ncountryCode: FR\\ncountry: France\\nregion: Île-de-France\\ncity: Paris\\npostalCode: 75001\\ntimeZone: Europe/Paris",
                  "Who":{"attributes":{"type":"Contact"},"Eventfold_Email__c":"ada@example.com"}}]}"""));
        assertThat(salesforce.translate(visit("e-2", "p-7", null), contacts)).isEmpty();
    }

    @Test
    void atMostTwoHundredRecordsPerRequest() {
        IntegrationEvent[] events = IntStream.range(0, 401).mapToObj(i -> contact("u" + i, "u" + i + "@example.com", "U"))
                .toArray(IntegrationEvent[]::new);

        assertThat(salesforce.plan(items(salesforce, contacts, events), contacts).requests())
                .extracting(r -> r.items().size()).containsExactly(200, 200, 1);
    }

    @Test
    void perRecordResultsDeliverAbortOrRetryEachRecord() {
        ApiRequest request = salesforce.plan(items(salesforce, contacts, contact("u1", "a@example.com", "A"),
                contact("u2", "b@example.com", "B"), contact("u3", "c@example.com", "C")), contacts).requests().get(0);

        Map<String, ItemOutcome> outcomes = salesforce.outcomes(request, answer(200, """
                [{"id":"003xx1","success":true,"errors":[],"created":true},
                 {"success":false,"errors":[{"statusCode":"INVALID_EMAIL_ADDRESS","message":"Email: invalid email address","fields":["Email"]}]},
                 {"success":false,"errors":[{"statusCode":"UNABLE_TO_LOCK_ROW","message":"unable to obtain exclusive access","fields":[]}]}]"""));

        assertThat(outcomes.get("evt-u1")).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(outcomes.get("evt-u2")).isEqualTo(new ItemOutcome.Abort("INVALID_EMAIL_ADDRESS: Email: invalid email address [\"Email\"]"));
        assertThat(outcomes.get("evt-u3")).isInstanceOf(ItemOutcome.Retry.class);
    }

    @Test
    void anExpiredSessionPausesAndTheOrgLimitRetries() {
        ApiRequest request = salesforce.plan(items(salesforce, contacts, contact("u1", "a@example.com", "A")), contacts).requests().get(0);

        assertThat(salesforce.outcomes(request, answer(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"))
                .get("evt-u1")).isInstanceOf(ItemOutcome.PauseDestination.class);
        assertThat(salesforce.outcomes(request, answer(403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"))
                .get("evt-u1")).isInstanceOf(ItemOutcome.Retry.class);
        assertThat(salesforce.outcomes(request, answer(200, "[]")).get("evt-u1")).isInstanceOf(ItemOutcome.Retry.class);
    }

    @Test
    void validatesTheSettings() {
        assertThat(salesforce.validate(new DestinationSpec(Map.of(), Map.of("object", "Account", "apiVersion", "45.0",
                "externalIdField", "bad field", "other", "x"))))
                .extracting(v -> v.field())
                .containsExactlyInAnyOrder("settings.object", "settings.apiVersion", "settings.externalIdField", "settings.other");
        assertThat(salesforce.validate(leads)).isEmpty();
        assertThat(salesforce.defaultBaseUrl()).isEmpty();
        assertThat(salesforce.authentication("00Dxx!token")).isEqualTo(Map.of("Authorization", "Bearer 00Dxx!token"));
    }
}
