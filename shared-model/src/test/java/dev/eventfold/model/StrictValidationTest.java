package dev.eventfold.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.eventfold.model.EventCodecTest.userCreated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's strict rules, one per test: whatever passes them can be stored and folded by every function
 * (PostgreSQL text and jsonb, Kafka headers), so nothing ingest accepts can stall a function later.
 */
class StrictValidationTest {

    private final EventCodec clients = EventCodec.forClients(EventCodec.DEFAULT_MAX_DATA_BYTES);

    private List<String> fields(ObjectNode event) {
        return clients.validate(event).stream().map(Violation::field).toList();
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    // ---- characters -------------------------------------------------------------------------------------------

    @Test
    void nulInADataStringIsRefused() {
        ObjectNode event = userCreated();
        data(event).put("name", "Ada\u0000Lovelace");

        assertThat(clients.validate(event)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("data.name");
            assertThat(v.message()).contains("U+0000");
        });
    }

    @Test
    void nulInAnAttributeIsRefused() {
        assertThat(fields(userCreated().put("id", "evt\u00001"))).containsExactly("id");
        assertThat(fields(userCreated().put("source", "/apps\u0000"))).containsExactly("source");
        assertThat(fields(userCreated().put("actorid", "a\u0000"))).containsExactly("actorid");
        assertThat(fields(userCreated().put("orgid", "o\u0000"))).containsExactly("orgid");
    }

    @Test
    void nulInAnUnknownDataMemberOrItsNameIsRefused() {
        ObjectNode event = userCreated();
        data(event).put("note", "x\u0000");
        data(event).putObject("extra").put("deep\u0000name", "ok");

        assertThat(fields(event)).containsExactlyInAnyOrder("data.note", "data.extra.deep\\u0000name");
    }

    @Test
    void nulInAnArrayElementIsRefused() {
        ObjectNode event = userCreated();
        data(event).putArray("roles").add("admin").add("\u0000");

        assertThat(fields(event)).containsExactly("data.roles[1]");
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsAccepted() {
        ObjectNode paired = userCreated();
        data(paired).put("name", "Ada \uD83D\uDE00");
        ObjectNode high = userCreated();
        data(high).put("name", "Ada \uD800");
        ObjectNode low = userCreated().put("subject", "user-\uDC00");

        assertThat(clients.validate(paired)).isEmpty();
        assertThat(clients.validate(high)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("data.name");
            assertThat(v.message()).contains("surrogate");
        });
        assertThat(fields(low)).containsExactly("subject");
    }

    @Test
    void noncharactersAreRefused() {
        ObjectNode fffe = userCreated();
        data(fffe).put("name", "Ada\uFFFE");
        ObjectNode fdd0 = userCreated();
        data(fdd0).put("name", "Ada\uFDD0");
        ObjectNode plane1 = userCreated().put("id", "evt-\uD83F\uDFFF"); // U+1FFFF

        assertThat(clients.validate(fffe)).singleElement().satisfies(v -> assertThat(v.message()).contains("noncharacter"));
        assertThat(fields(fdd0)).containsExactly("data.name");
        assertThat(fields(plane1)).containsExactly("id");
    }

    @Test
    void controlCharactersAreRefusedInAttributesButNewlinesAllowedInData() {
        ObjectNode event = userCreated().put("subject", "user\u0085").put("actorid", "tab\tbed");
        data(event).put("name", "line one\nline two");

        assertThat(fields(event)).containsExactlyInAnyOrder("subject", "actorid");
    }

    // ---- lengths ----------------------------------------------------------------------------------------------

    @Test
    void attributesHaveByteLimits() {
        String over256 = "x".repeat(CloudEventAttributes.MAX_ID_BYTES + 1);
        String over1024 = "/" + "s".repeat(CloudEventAttributes.MAX_SOURCE_BYTES);

        assertThat(fields(userCreated().put("id", over256))).containsExactly("id");
        assertThat(fields(userCreated().put("subject", over256))).containsExactly("subject");
        assertThat(fields(userCreated().put("actorid", over256))).containsExactly("actorid");
        assertThat(fields(userCreated().put("orgid", over256))).containsExactly("orgid");
        assertThat(fields(userCreated().put("type", "dev.eventfold." + over256))).containsExactly("type");
        assertThat(fields(userCreated().put("source", over1024))).containsExactly("source");
        assertThat(fields(userCreated().put("id", "x".repeat(CloudEventAttributes.MAX_ID_BYTES)))).isEmpty();
    }

    @Test
    void limitsCountUtf8Bytes() {
        String threeByteChars = "\u20AC".repeat(CloudEventAttributes.MAX_ID_BYTES / 3 + 1); // 86 characters, 258 bytes

        assertThat(fields(userCreated().put("id", threeByteChars))).containsExactly("id");
    }

    @Test
    void everyDataStringHasALimitAndEntityIdsTheAttributeLimit() {
        ObjectNode longName = userCreated();
        data(longName).put("name", "n".repeat(EventCodec.MAX_DATA_STRING_BYTES + 1));
        ObjectNode longUnknown = userCreated();
        data(longUnknown).putArray("tags").add("t".repeat(EventCodec.MAX_DATA_STRING_BYTES + 1));
        ObjectNode longCampaignId = userCreated().put("type", EventType.PAGE_ADDED_TO_CAMPAIGN.type());
        longCampaignId.putObject("data").put("campaignId", "c".repeat(CloudEventAttributes.MAX_ID_BYTES + 1));

        assertThat(fields(longName)).containsExactly("data.name");
        assertThat(fields(longUnknown)).containsExactly("data.tags[0]");
        assertThat(fields(longCampaignId)).containsExactly("data.campaignId");
    }

    @Test
    void dataNestingIsBounded() {
        ObjectNode event = userCreated();
        ObjectNode deep = data(event).putObject("deep");
        for (int i = 0; i < EventCodec.MAX_DATA_DEPTH + 1; i++) {
            deep = deep.putObject("d");
        }

        assertThat(fields(event)).singleElement().satisfies(f -> assertThat(f).startsWith("data.deep.d"));
    }

    @Test
    void numbersMustBeFiniteAndFitTheirField() {
        ObjectNode infinite = userCreated();
        data(infinite).put("score", Double.POSITIVE_INFINITY);
        ObjectNode huge = EventCodecTest.userCreated().put("type", EventType.CAMPAIGN_STATS_UPDATED.type()).put("orgid", "o");
        huge.putObject("data").put("campaignId", "c").put("pages", new java.math.BigInteger("99999999999999999999"))
                .put("pagesSent", 0).put("pagesViewed", 0).put("viewRate", 0.0).put("views", 0)
                .put("uniqueVisitors", 0).put("clicks", 0);

        assertThat(fields(infinite)).containsExactly("data.score");
        assertThat(EventCodec.internal().validate(huge)).extracting(Violation::field).containsExactly("data.pages");
    }

    // ---- time -------------------------------------------------------------------------------------------------

    @Test
    void timeMustBeBetween1970And9999() {
        assertThat(fields(userCreated().put("time", "1969-12-31T23:59:59Z"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "+10000-01-01T00:00:00Z"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "1970-01-01T00:00:00Z"))).isEmpty();
        assertThat(fields(userCreated().put("time", "9999-12-31T23:59:59.999999Z"))).isEmpty();
    }

    @Test
    void timeMustBeRfc3339WithSecondsAndAnOffset() {
        assertThat(fields(userCreated().put("time", "2026-11-30T10:15Z"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "2026-11-30T10:15:30"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "2026-12-31T23:59:60Z"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "2026-11-30 10:15:30Z"))).containsExactly("time");
        assertThat(fields(userCreated().put("time", "2026-11-30T10:15:30.123+01:00"))).isEmpty();
        assertThat(fields(userCreated().put("time", "2026-11-30t10:15:30z"))).isEmpty();
    }

    @Test
    void neitherCodecTakesJavasWholeMinuteFormWhichIsNotRfc3339() {
        // OffsetDateTime.toString() drops zero seconds; the Funqy trigger writes RFC 3339 instead (FunqyTriggerTest)
        ObjectNode event = userCreated().put("orgid", "org-1").put("time", "2026-01-01T00:00Z");

        assertThat(EventCodec.internal().validate(event)).extracting(Violation::field).containsExactly("time");
        assertThat(fields(event)).containsExactly("time");
    }

    @Test
    void timestampsInDataHaveTheSameRange() {
        ObjectNode state = userCreated().put("type", EventType.USER_STATE_UPDATED.type()).put("orgid", "o");
        ObjectNode data = state.putObject("data").put("id", "u").put("organizationId", "o").put("name", "n")
                .put("email", "a@example.com").put("createdAt", "0001-01-01T00:00:00Z")
                .put("updatedAt", "2026-11-30T10:15:30Z").put("loginCount", 0).put("failedLoginCount", 0);
        data.putArray("roles");

        assertThat(EventCodec.internal().validate(state)).extracting(Violation::field).containsExactly("data.createdAt");
    }

    // ---- extensions and data members ---------------------------------------------------------------------------

    @Test
    void extensionNamesFollowCloudEvents() {
        assertThat(fields(userCreated().put("partitionkey", "k").put("sampledrate", 5))).isEmpty();
        assertThat(fields(userCreated().put("Upper", "x"))).containsExactly("Upper");
        assertThat(fields(userCreated().put("with-dash", "x"))).containsExactly("with-dash");
        assertThat(fields(userCreated().put("under_score", "x"))).containsExactly("under_score");
        assertThat(fields(userCreated().put("a".repeat(21), "x"))).containsExactly("a".repeat(21));
    }

    @Test
    void extensionValuesAreStringsIntegersOrBooleans() {
        assertThat(fields(userCreated().put("retries", 3).put("sampled", true).put("unset", (String) null))).isEmpty();
        ObjectNode object = userCreated();
        object.putObject("extobj").put("a", 1);
        ObjectNode array = userCreated();
        array.putArray("extarr").add(1);

        assertThat(fields(object)).containsExactly("extobj");
        assertThat(fields(array)).containsExactly("extarr");
        assertThat(fields(userCreated().put("ratio", 0.5))).containsExactly("ratio");
        assertThat(fields(userCreated().put("big", 2_147_483_648L))).containsExactly("big");
        assertThat(fields(userCreated().put("ctl", "a\u0007"))).containsExactly("ctl");
    }

    @Test
    void dataTogetherWithDataBase64IsRefused() {
        ObjectNode event = userCreated().put("data_base64", "e30=");

        assertThat(fields(event)).containsExactly("data_base64");
    }

    @Test
    void dataBase64AloneIsRefusedBecauseDataIsJson() {
        ObjectNode event = userCreated();
        event.remove("data");
        event.put("data_base64", "e30=");

        assertThat(fields(event)).containsExactlyInAnyOrder("data_base64", "data");
    }

    @Test
    void datacontenttypeMustBeJsonInUtf8() {
        assertThat(fields(userCreated().put("datacontenttype", "application/json; charset=utf-8"))).isEmpty();
        assertThat(fields(userCreated().put("datacontenttype", "application/jsonx"))).containsExactly("datacontenttype");
        assertThat(fields(userCreated().put("datacontenttype", "application/json; charset=iso-8859-1")))
                .containsExactly("datacontenttype");
    }

    @Test
    void sourceIsAnAsciiUriReference() {
        assertThat(fields(userCreated().put("source", "/crm/Z%C3%BCrich"))).isEmpty();
        assertThat(fields(userCreated().put("source", "/crm/Z\u00fcrich"))).containsExactly("source");
        assertThat(fields(userCreated().put("source", "/crm/two words"))).containsExactly("source");
    }

    @Test
    void dataschemaMustBeAnAbsoluteUri() {
        assertThat(fields(userCreated().put("dataschema", "https://eventfold.dev/schemas/user.created"))).isEmpty();
        assertThat(fields(userCreated().put("dataschema", "/relative"))).containsExactly("dataschema");
    }

    @Test
    void nullAttributesAreUnset() {
        assertThat(fields(userCreated().putNull("actorid").putNull("time").putNull("data_base64"))).isEmpty();
    }

    @Test
    void messagesNeverEchoRawControlCharacters() {
        ObjectNode event = userCreated().put("type", "dev.eventfold.\u0000\uD800");

        assertThat(clients.validate(event)).singleElement()
                .satisfies(v -> assertThat(v.message()).doesNotContain("\u0000").doesNotContain("\uD800"));
    }

    @Test
    void oneAttributeValueCanBeCheckedAlone() {
        assertThat(EventCodec.problem(CloudEventAttributes.SUBJECT, "page-1")).isEmpty();
        assertThat(EventCodec.problem(CloudEventAttributes.SUBJECT, "\u00e9".repeat(129))).get().asString().contains("256 bytes");
        assertThat(EventCodec.problem(CloudEventAttributes.SUBJECT, "page\u0000")).get().asString().contains("U+0000");
        assertThat(EventCodec.problem(CloudEventAttributes.SOURCE, "not a uri")).isPresent();
    }

    @Test
    void theCodecForFunctionsAppliesTheSameRules() {
        ObjectNode event = userCreated().put("orgid", "org-1");
        data(event).put("name", "\u0000");

        assertThat(EventCodec.internal().validate(event)).extracting(Violation::field).containsExactly("data.name");
    }
}
