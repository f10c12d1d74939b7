package dev.eventfold.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.ingest.EventsTopic;
import dev.eventfold.ingest.IngestTestResource;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.TraceContext;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.ingest.EventsTopic.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest over real HTTP, read back from the real broker: every way in (structured, binary, batch), tenancy from the
 * API key, every rejection (and that it published nothing), the admin API and the tracking pixel.
 */
@QuarkusTest
@QuarkusTestResource(value = IngestTestResource.class, restrictToAnnotatedClass = false)
class IngestResourceTest {

    static final String PEPPER = IngestTestResource.PEPPER;
    static final String ADMIN_TOKEN = IngestTestResource.ADMIN_TOKEN;
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private static String orgPrefix;
    private static String orgId;
    private static String apiKey;

    @IngestTestResource.TopicPrefix
    String prefix;

    EventsTopic topic;

    @BeforeEach
    void setUp() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        if (!prefix.equals(orgPrefix)) {
            Map<String, String> created = createOrganization("Acme");
            orgId = created.get("organizationId");
            apiKey = created.get("apiKey");
            orgPrefix = prefix;
        }
        topic = new EventsTopic(prefix);
    }

    @AfterEach
    void tearDown() {
        if (topic != null) {
            topic.close();
        }
    }

    // ---- accepted --------------------------------------------------------------------------------------------

    @Test
    void structuredEventIsPublishedInBinaryModeWithTheKeysOrganization() throws IOException {
        var mark = topic.mark();
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "ada@example.com");
        String id = event.get("id").asText();

        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.jsonPath().getList("accepted", String.class)).containsExactly(id);
        ConsumerRecord<String, byte[]> record = only(published(mark));
        assertThat(record.key()).isEqualTo(KafkaBinding.key(orgId, event.get("subject").asText()));
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(id);
        assertThat(header(record, "ce_type")).isEqualTo(EventType.USER_CREATED.type());
        assertThat(header(record, "ce_source")).isEqualTo("/tests");
        assertThat(header(record, "ce_subject")).isEqualTo(event.get("subject").asText());
        assertThat(header(record, "ce_orgid")).isEqualTo(orgId);
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(record.value())).isEqualTo(event.get("data"));
    }

    @Test
    void binaryModeEventIsPublished() throws IOException {
        var mark = topic.mark();
        String id = UUID.randomUUID().toString();
        String pageId = "page-" + UUID.randomUUID();
        ObjectNode data = pageCreatedData("Grace", "grace@example.com");

        Response response = withKey()
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/crm")
                .header("ce-type", EventType.PAGE_CREATED.type()).header("ce-subject", pageId)
                .header("ce-time", "2026-11-30T10:15:30Z")
                .contentType("application/json").body(bytes(data)).post("/events");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.jsonPath().getList("accepted", String.class)).containsExactly(id);
        ConsumerRecord<String, byte[]> record = only(published(mark));
        assertThat(record.key()).isEqualTo(KafkaBinding.key(orgId, pageId));
        assertThat(header(record, "ce_id")).isEqualTo(id);
        assertThat(header(record, "ce_type")).isEqualTo(EventType.PAGE_CREATED.type());
        assertThat(header(record, "ce_time")).isEqualTo("2026-11-30T10:15:30Z");
        assertThat(header(record, "ce_orgid")).isEqualTo(orgId);
        assertThat(Json.MAPPER.readTree(record.value())).isEqualTo(data);
    }

    @Test
    void batchIsPublishedWholeWithEveryIdAccepted() throws IOException {
        var mark = topic.mark();
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 3; i++) {
            batch.add(userCreated("user-" + UUID.randomUUID(), "u" + i + "@example.com"));
        }
        List<String> ids = new ArrayList<>();
        batch.forEach(e -> ids.add(e.get("id").asText()));

        Response response = withKey().contentType(BATCH).body(bytes(batch)).post("/events");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.jsonPath().getList("accepted", String.class)).containsExactlyElementsOf(ids);
        List<ConsumerRecord<String, byte[]>> records = published(mark);
        assertThat(records).extracting(r -> header(r, "ce_id")).containsExactlyInAnyOrderElementsOf(ids);
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode sent = find(batch, header(record, "ce_id"));
            assertThat(record.key()).isEqualTo(KafkaBinding.key(orgId, sent.get("subject").asText()));
            assertThat(header(record, "ce_orgid")).isEqualTo(orgId);
            assertThat(Json.MAPPER.readTree(record.value())).isEqualTo(sent.get("data"));
        }
    }

    @Test
    void bearerTokenIsAnApiKeyToo() {
        var mark = topic.mark();
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "bea@example.com");

        Response response = given().header("Authorization", "Bearer " + apiKey)
                .contentType(STRUCTURED).body(bytes(event)).post("/events");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(only(published(mark)), "ce_orgid")).isEqualTo(orgId);
    }

    @Test
    void orgidEqualToTheKeysOrganizationIsAccepted() {
        var mark = topic.mark();
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "own@example.com").put("orgid", orgId);

        assertThat(withKey().contentType(STRUCTURED).body(bytes(event)).post("/events").statusCode()).isEqualTo(202);
        assertThat(header(only(published(mark)), "ce_orgid")).isEqualTo(orgId);
    }

    @Test
    void eachKeyWritesOnlyAsItsOwnOrganization() {
        Map<String, String> other = createOrganization("Globex");
        var mark = topic.mark();
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "g@example.com");

        Response response = given().header("X-Api-Key", other.get("apiKey"))
                .contentType(STRUCTURED).body(bytes(event)).post("/events");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(only(published(mark)), "ce_orgid")).isEqualTo(other.get("organizationId")).isNotEqualTo(orgId);
    }

    // ---- rejected: status, problem body, nothing on Kafka ----------------------------------------------------

    @Test
    void missingApiKeyIs401() {
        var mark = topic.mark();
        Response response = given().contentType(STRUCTURED).body(bytes(userCreated("u-1", "a@example.com"))).post("/events");
        assertProblem(response, 401);
        assertNothingPublished(mark);
    }

    @Test
    void unknownApiKeyIs401() {
        var mark = topic.mark();
        Response response = given().header("X-Api-Key", "efk_not-a-key").contentType(STRUCTURED)
                .body(bytes(userCreated("u-1", "a@example.com"))).post("/events");
        assertProblem(response, 401);
        assertThat(response.jsonPath().getString("detail")).contains("Unknown");
        assertNothingPublished(mark);
    }

    @Test
    void everyInvalidFieldIsListed() {
        var mark = topic.mark();
        ObjectNode event = userCreated("u-2", "not-an-email");
        event.remove("id");
        event.put("time", "yesterday");
        ((ObjectNode) event.get("data")).put("name", 42);

        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");

        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class))
                .containsExactlyInAnyOrder("id", "time", "data.name", "data.email");
        assertNothingPublished(mark);
    }

    @Test
    void binaryModeWithoutCeHeadersListsEveryMissingAttribute() {
        var mark = topic.mark();
        Response response = withKey().contentType("application/json")
                .body(bytes(pageCreatedData("Grace", "grace@example.com"))).post("/events");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class))
                .contains("specversion", "id", "source", "type", "subject");
        assertNothingPublished(mark);
    }

    @Test
    void batchWithOneInvalidEventPublishesNothing() {
        var mark = topic.mark();
        ArrayNode batch = Json.MAPPER.createArrayNode();
        batch.add(userCreated("user-" + UUID.randomUUID(), "ok@example.com"));
        batch.add(userCreated("user-" + UUID.randomUUID(), "ok2@example.com"));
        batch.add(userCreated("user-" + UUID.randomUUID(), "broken"));
        batch.add(userCreated("user-" + UUID.randomUUID(), "ok3@example.com"));

        Response response = withKey().contentType(BATCH).body(bytes(batch)).post("/events");

        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("[2].data.email");
        assertNothingPublished(mark);
    }

    @Test
    void derivedTypeIsRefused() {
        var mark = topic.mark();
        ObjectNode event = userCreated("c-1", "x@example.com").put("type", EventType.CAMPAIGN_STATS_UPDATED.type());
        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class)).contains("type");
        assertThat(response.jsonPath().getString("errors[0].message")).contains("derived");
        assertNothingPublished(mark);
    }

    @Test
    void controlPlaneTypesAreRefusedFromClientsNamingTheType() {
        var mark = topic.mark();
        ObjectNode org = envelope(EventType.ORGANIZATION_CREATED, orgId, Json.MAPPER.createObjectNode().put("name", "Evil"));
        ObjectNode key = envelope(EventType.API_KEY_ISSUED, "key-1", Json.MAPPER.createObjectNode()
                .put("keyHash", ApiKeys.hash(PEPPER, "chosen-key")).put("label", "mine"));
        ObjectNode revoked = envelope(EventType.API_KEY_REVOKED, "key-2", Json.MAPPER.createObjectNode()
                .put("keyHash", ApiKeys.hash(PEPPER, apiKey)));

        for (ObjectNode event : List.of(org, key, revoked)) {
            Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");
            assertProblem(response, 400);
            assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("type");
            assertThat(response.jsonPath().getString("errors[0].message")).contains("control-plane");
        }
        ArrayNode batch = Json.MAPPER.createArrayNode().add(userCreated("u-cp", "x@example.com")).add(key);
        Response response = withKey().contentType(BATCH).body(bytes(batch)).post("/events");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("[1].type");
        assertNothingPublished(mark);
    }

    @Test
    void aPageIdClaimedByAnotherOrganizationIs409AndNothingIsPublished() {
        String pageId = createPage();
        Map<String, String> other = createOrganization("Globex");
        var mark = topic.mark();

        ObjectNode again = envelope(EventType.PAGE_CREATED, pageId, pageCreatedData("Mallory", "m@example.com"));
        Response response = given().header("X-Api-Key", other.get("apiKey")).contentType(STRUCTURED)
                .body(bytes(again)).post("/events");

        assertProblem(response, 409);
        assertThat(response.jsonPath().getString("detail")).contains(pageId).contains("another organization");
        assertNothingPublished(mark);
        // the page stays its first owner's: a pixel URL is Acme's to issue, never Globex's
        withKey().queryParam("recipient", "g@example.com").get("/pages/" + pageId + "/pixel-url").then().statusCode(200);
        given().header("X-Api-Key", other.get("apiKey")).queryParam("recipient", "g@example.com")
                .get("/pages/" + pageId + "/pixel-url").then().statusCode(404);
        // and its owner may send page.created for it again
        ObjectNode mine = envelope(EventType.PAGE_CREATED, pageId, pageCreatedData("Grace", "grace@example.com"));
        assertThat(withKey().contentType(STRUCTURED).body(bytes(mine)).post("/events").statusCode()).isEqualTo(202);
    }

    @Test
    void orgidOfAnotherOrganizationIsRefused() {
        var mark = topic.mark();
        ObjectNode event = userCreated("u-3", "x@example.com").put("orgid", "someone-else");
        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("orgid");
        assertNothingPublished(mark);
    }

    @Test
    void invalidJsonIs400() {
        var mark = topic.mark();
        Response response = withKey().contentType(STRUCTURED).body("{\"id\": ".getBytes(StandardCharsets.UTF_8)).post("/events");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getString("errors[0].message")).contains("not valid JSON");
        assertNothingPublished(mark);
    }

    @Test
    void unknownContentTypeIs415() {
        var mark = topic.mark();
        Response response = withKey().contentType("text/plain")
                .body(bytes(userCreated("u-4", "x@example.com"))).post("/events");
        assertProblem(response, 415);
        assertNothingPublished(mark);
    }

    @Test
    void bodyOverTheLimitIs413() {
        var mark = topic.mark();
        ObjectNode event = userCreated("u-5", "x@example.com");
        ((ObjectNode) event.get("data")).put("padding", "x".repeat(1024 * 1024 + 1));
        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");
        assertProblem(response, 413);
        assertNothingPublished(mark);
    }

    @Test
    void batchOfMoreThanAThousandEventsIs413() {
        var mark = topic.mark();
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            batch.add(userCreated("u" + i, "u@example.com"));
        }
        Response response = withKey().contentType(BATCH).body(bytes(batch)).post("/events");
        assertProblem(response, 413);
        assertThat(response.jsonPath().getString("detail")).contains("1001");
        assertNothingPublished(mark);
    }

    // ---- admin ---------------------------------------------------------------------------------------------------

    @Test
    void organizationCreationPublishesTheOrganizationAndOnlyTheKeysHash() throws IOException {
        var mark = topic.mark();

        Map<String, String> created = createOrganization("Initech");

        String newOrg = created.get("organizationId");
        List<ConsumerRecord<String, byte[]>> records = published(mark);
        ConsumerRecord<String, byte[]> org = records.stream()
                .filter(r -> EventType.ORGANIZATION_CREATED.type().equals(header(r, "ce_type"))).findFirst().orElseThrow();
        assertThat(org.key()).isEqualTo(KafkaBinding.key(newOrg, newOrg));
        assertThat(header(org, "ce_orgid")).isEqualTo(newOrg);
        assertThat(Json.MAPPER.readTree(org.value()).get("name").asText()).isEqualTo("Initech");
        ConsumerRecord<String, byte[]> key = records.stream()
                .filter(r -> EventType.API_KEY_ISSUED.type().equals(header(r, "ce_type"))).findFirst().orElseThrow();
        assertThat(key.key()).isEqualTo(KafkaBinding.key(newOrg, created.get("keyId")));
        assertThat(header(key, "ce_orgid")).isEqualTo(newOrg);
        assertThat(Json.MAPPER.readTree(key.value()).get("keyHash").asText())
                .isEqualTo(ApiKeys.hash(PEPPER, created.get("apiKey")));
        assertThat(new String(key.value(), StandardCharsets.UTF_8)).doesNotContain(created.get("apiKey"));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndItsRevocationPublishedWithTheHashOnly() throws IOException {
        Map<String, String> created = createOrganization("Umbrella");
        String key = created.get("apiKey");
        String org = created.get("organizationId");
        ObjectNode event = userCreated("u-rv", "x@example.com");
        assertThat(given().header("X-Api-Key", key).contentType(STRUCTURED).body(bytes(event)).post("/events")
                .statusCode()).isEqualTo(202);
        var mark = topic.mark();

        Response response = given().header("X-Admin-Token", ADMIN_TOKEN).contentType("application/json")
                .body("{\"apiKey\":\"" + key + "\"}").post("/admin/organizations/" + org + "/keys/revoke");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertProblem(given().header("X-Api-Key", key).contentType(STRUCTURED).body(bytes(userCreated("u-rv2", "y@example.com")))
                .post("/events"), 401);
        ConsumerRecord<String, byte[]> revoked = only(published(mark));
        assertThat(header(revoked, "ce_type")).isEqualTo(EventType.API_KEY_REVOKED.type());
        assertThat(header(revoked, "ce_orgid")).isEqualTo(org);
        assertThat(Json.MAPPER.readTree(revoked.value()).get("keyHash").asText()).isEqualTo(ApiKeys.hash(PEPPER, key));
        assertThat(new String(revoked.value(), StandardCharsets.UTF_8)).doesNotContain(key);
        // another organization's key cannot be revoked through this one
        assertProblem(given().header("X-Admin-Token", ADMIN_TOKEN).contentType("application/json")
                .body("{\"apiKey\":\"" + apiKey + "\"}").post("/admin/organizations/" + org + "/keys/revoke"), 404);
        assertThat(withKey().contentType(STRUCTURED).body(bytes(userCreated("u-ok", "z@example.com"))).post("/events")
                .statusCode()).isEqualTo(202);
        assertProblem(given().contentType("application/json").body("{\"apiKey\":\"" + apiKey + "\"}")
                .post("/admin/organizations/" + orgId + "/keys/revoke"), 401);
    }

    @Test
    void adminCallsNeedTheAdminToken() {
        var mark = topic.mark();
        assertProblem(given().contentType("application/json").body("{\"name\":\"X\"}").post("/admin/organizations"), 401);
        assertProblem(given().header("X-Admin-Token", "wrong").contentType("application/json")
                .body("{\"name\":\"X\"}").post("/admin/organizations"), 401);
        assertNothingPublished(mark);
    }

    @Test
    void organizationWithoutANameIsRefused() {
        var mark = topic.mark();
        Response response = given().header("X-Admin-Token", ADMIN_TOKEN).contentType("application/json")
                .body("{}").post("/admin/organizations");
        assertProblem(response, 400);
        assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("name");
        assertNothingPublished(mark);
    }

    @Test
    void ingestHasNoDeadLettersOfItsOwnToRedrive() {
        Response response = given().header("X-Admin-Token", ADMIN_TOKEN)
                .queryParam("from", "2026-01-01T00:00:00Z").post("/admin/redrive");

        assertProblem(response, 404);
        assertThat(response.jsonPath().getString("detail")).contains("folds no events");
    }

    // ---- trace context (CloudEvents distributed tracing) -------------------------------------------------------

    @Test
    void anEventJoinsTheTraceOfTheRequestThatRecordedIt() {
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "ada@example.com");
        var mark = topic.mark();

        withKey().header("traceparent", caller).contentType(STRUCTURED).body(bytes(event)).post("/events")
                .then().statusCode(202);

        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> event.get("id").asText().equals(header(r, "ce_id")));
        assertThat(header(record, "ce_traceparent")).isEqualTo(caller);
    }

    @Test
    void anEventsOwnTraceWinsOverTheRequestsAndAnInvalidOneIsRefused() {
        String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        ObjectNode event = userCreated("user-" + UUID.randomUUID(), "ada@example.com").put("traceparent", own)
                .put("tracestate", "crm=7");
        var mark = topic.mark();

        withKey().header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .contentType(STRUCTURED).body(bytes(event)).post("/events").then().statusCode(202);
        Response invalid = withKey().contentType(STRUCTURED)
                .body(bytes(userCreated("user-" + UUID.randomUUID(), "b@example.com").put("traceparent", "00-1-2-01")))
                .post("/events");

        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> event.get("id").asText().equals(header(r, "ce_id")));
        assertThat(header(record, "ce_traceparent")).isEqualTo(own);
        assertThat(header(record, "ce_tracestate")).isEqualTo("crm=7");
        assertProblem(invalid, 400);
        assertThat(invalid.jsonPath().getList("errors.field", String.class)).containsExactly("traceparent");
    }

    @Test
    void everyRecordedEventBelongsToATraceEvenWhenItsRequestJoinedNone() {
        String pageId = createPage();
        ObjectNode first = userCreated("user-" + UUID.randomUUID(), "a@example.com");
        ObjectNode second = userCreated("user-" + UUID.randomUUID(), "b@example.com");
        var mark = topic.mark();

        withKey().contentType(STRUCTURED).body(bytes(first)).post("/events").then().statusCode(202);
        withKey().header("traceparent", "not-a-trace").contentType(STRUCTURED).body(bytes(second)).post("/events")
                .then().statusCode(202);
        given().urlEncodingEnabled(false).get(signedPixelPath(pageId, "grace@example.com")).then().statusCode(200);

        List<String> traces = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : List.of(
                topic.await(mark, r -> first.get("id").asText().equals(header(r, "ce_id"))),
                topic.await(mark, r -> second.get("id").asText().equals(header(r, "ce_id"))),
                topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()) && EventType.PAGE_VIEWED.type().equals(header(r, "ce_type"))))) {
            String traceparent = header(record, "ce_traceparent");
            assertThat(TraceContext.problem(traceparent)).as(traceparent).isNull();
            traces.add(TraceContext.parse(traceparent).orElseThrow().traceId());
        }
        assertThat(traces).doesNotHaveDuplicates();
    }

    // ---- the tracking pixel ----------------------------------------------------------------------------------

    @Test
    void pixelAnswersAGifAndRecordsThePageViewWithTheForwardedClientFromATrustedProxy() throws IOException {
        String pageId = createPage();
        var mark = topic.mark();

        Response response = given().urlEncodingEnabled(false)
                .header("X-Forwarded-For", "203.0.113.7, 127.0.0.1")
                .header("User-Agent", "Mail/1.0").header("Referer", "https://mail.example.com/")
                .get(signedPixelPath(pageId, "grace@example.com") + "&v=visitor-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("image/gif");
        assertThat(response.asByteArray()).isEqualTo(PixelResource.GIF);
        assertThat(new String(response.asByteArray(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(response.header("Cache-Control")).contains("no-cache").contains("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        // ?v= does not choose the visitor: ingest sets its own signed visitor cookie
        String cookie = response.cookie("ef_vid");
        assertThat(cookie).isNotEqualTo("visitor-1").contains(".");

        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
        assertThat(header(record, "ce_type")).isEqualTo(EventType.PAGE_VIEWED.type());
        assertThat(header(record, "ce_orgid")).isEqualTo(orgId);
        JsonNode data = Json.MAPPER.readTree(record.value());
        assertThat(data.get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(data.get("userAgent").asText()).isEqualTo("Mail/1.0");
        assertThat(data.get("referrer").asText()).isEqualTo("https://mail.example.com/");
        assertThat(data.get("visitorId").asText()).isEqualTo(cookie.substring(0, cookie.lastIndexOf('.')));
    }

    @Test
    void pixelKeepsTheVisitorCookieItSetAndSetsNoNewOne() throws IOException {
        String pageId = createPage();
        String path = signedPixelPath(pageId, "grace@example.com");
        String returning = given().urlEncodingEnabled(false).get(path).cookie("ef_vid");
        var mark = topic.mark();

        Response response = given().urlEncodingEnabled(false).cookie("ef_vid", returning).get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getDetailedCookies().hasCookieWithName("ef_vid")).isFalse();
        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
        assertThat(Json.MAPPER.readTree(record.value()).get("visitorId").asText())
                .isEqualTo(returning.substring(0, returning.lastIndexOf('.')));
    }

    @Test
    void aVisitorCookieTheClientChoseIsReplaced() throws IOException {
        String pageId = createPage();
        var mark = topic.mark();

        Response response = given().urlEncodingEnabled(false).cookie("ef_vid", "chosen-visitor")
                .get(signedPixelPath(pageId, "grace@example.com"));

        assertThat(response.cookie("ef_vid")).isNotEqualTo("chosen-visitor").doesNotStartWith("chosen-visitor");
        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
        assertThat(Json.MAPPER.readTree(record.value()).get("visitorId").asText()).isNotEqualTo("chosen-visitor");
    }

    @Test
    void unsignedAndBadlySignedPixelHitsAnswerTheGifButAreNotCounted() {
        String pageId = createPage();
        String signed = signedPixelPath(pageId, "grace@example.com");
        double before = metric("eventfold_ingest_pixel_unsigned_total");
        var mark = topic.mark();

        Response unsigned = given().get("/p/" + pageId + "/pixel.gif");
        Response otherRecipient = given().urlEncodingEnabled(false)
                .get(signed.replace("r=grace%40example.com", "r=mallory%40example.com"));
        Response forged = given().urlEncodingEnabled(false)
                .get("/p/" + pageId + "/pixel.gif?r=grace%40example.com&s=" + "A".repeat(43));

        for (Response response : List.of(unsigned, otherRecipient, forged)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.asByteArray()).isEqualTo(PixelResource.GIF);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (metric("eventfold_ingest_pixel_unsigned_total") < before + 3 && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        assertThat(metric("eventfold_ingest_pixel_unsigned_total")).isGreaterThanOrEqualTo(before + 3);
        // a signed hit after them is published, and is the only one for the page
        given().urlEncodingEnabled(false).get(signed).then().statusCode(200);
        topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
        sleep(500);
        assertThat(topic.since(mark)).filteredOn(r -> KafkaBinding.key(orgId, pageId).equals(r.key())).hasSize(1);
    }

    @Test
    void aPixelUrlIsIssuedOnlyForTheCallersOwnPage() {
        String pageId = createPage();
        Map<String, String> other = createOrganization("Globex");

        given().header("X-Api-Key", other.get("apiKey")).queryParam("recipient", "x@example.com")
                .get("/pages/" + pageId + "/pixel-url").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("recipient", "x@example.com").get("/pages/" + pageId + "/pixel-url").then().statusCode(401);
        withKey().get("/pages/" + pageId + "/pixel-url").then().statusCode(400);
    }

    @Test
    void pixelIgnoresForwardedForFromAnUntrustedPeer() throws IOException {
        String pageId = createPage();
        var mark = topic.mark();

        String answer = rawGetFrom("127.0.0.2", signedPixelPath(pageId, "grace@example.com"), "X-Forwarded-For: 203.0.113.99");

        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: image/gif");
        ConsumerRecord<String, byte[]> record = topic.await(mark, r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
        assertThat(Json.MAPPER.readTree(record.value()).get("ip").asText()).isEqualTo("127.0.0.2");
    }

    @Test
    void pixelForAnUnknownPageStillAnswersAndIsCounted() {
        String pageId = "never-created-" + UUID.randomUUID();
        double before = metric("eventfold_ingest_pixel_unknown_page_total");
        var mark = topic.mark();

        // a signature that cannot be checked yet: the page's owner is looked up first
        Response response = given().get("/p/" + pageId + "/pixel.gif?r=x&s=y");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asByteArray()).isEqualTo(PixelResource.GIF);
        long deadline = System.currentTimeMillis() + 30_000;
        while (metric("eventfold_ingest_pixel_unknown_page_total") < before + 1 && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        assertThat(metric("eventfold_ingest_pixel_unknown_page_total")).isGreaterThanOrEqualTo(before + 1);
        assertThat(topic.since(mark)).noneMatch(r -> KafkaBinding.key(orgId, pageId).equals(r.key()));
    }

    // ---- health -------------------------------------------------------------------------------------------------

    @Test
    void readinessReflectsKafkaAndPostgres() {
        Response response = given().get("/q/health/ready");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("checks.find { it.name == 'eventfold-kafka' }.status")).isEqualTo("UP");
        assertThat(response.jsonPath().getString("checks.find { it.name == 'eventfold-postgres' }.status")).isEqualTo("UP");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static Map<String, String> createOrganization(String name) {
        Response response = given().header("X-Admin-Token", ADMIN_TOKEN).contentType("application/json")
                .body("{\"name\":\"" + name + "\"}").post("/admin/organizations");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        return response.jsonPath().getMap("", String.class, String.class);
    }

    String createPage() {
        String pageId = "page-" + UUID.randomUUID();
        ObjectNode event = envelope(EventType.PAGE_CREATED, pageId, pageCreatedData("Grace", "grace@example.com"));
        Response response = withKey().contentType(STRUCTURED).body(bytes(event)).post("/events");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        return pageId;
    }

    /** The signed pixel URL of one of Acme's pages, as the API issues it. */
    String signedPixelPath(String pageId, String recipient) {
        Response response = withKey().queryParam("recipient", recipient).get("/pages/" + pageId + "/pixel-url");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath().getString("url");
    }

    RequestSpecification withKey() {
        return given().header(new Header("X-Api-Key", apiKey));
    }

    static ObjectNode userCreated(String userId, String email) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("name", "Ada").put("email", email);
        data.putArray("roles").add("admin");
        return envelope(EventType.USER_CREATED, userId, data);
    }

    static ObjectNode pageCreatedData(String name, String email) {
        return Json.MAPPER.createObjectNode().put("recipientName", name).put("recipientEmail", email).put("company", "ACME");
    }

    static ObjectNode envelope(EventType type, String subject, ObjectNode data) {
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("specversion", "1.0").put("id", UUID.randomUUID().toString()).put("source", "/tests")
                .put("type", type.type()).put("subject", subject).put("time", "2026-11-30T10:15:30Z");
        event.set("data", data);
        return event;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode find(ArrayNode batch, String id) {
        for (JsonNode event : batch) {
            if (event.get("id").asText().equals(id)) {
                return event;
            }
        }
        throw new AssertionError("no event " + id + " in the batch");
    }

    /** What requests published since the mark (pixel events, which arrive asynchronously, left out). */
    List<ConsumerRecord<String, byte[]>> published(Map<TopicPartition, Long> mark) {
        return topic.since(mark).stream().filter(r -> !"/ingest/pixel".equals(header(r, "ce_source"))).toList();
    }

    void assertNothingPublished(Map<TopicPartition, Long> mark) {
        assertThat(published(mark)).as("records published by a rejected request").isEmpty();
    }

    static ConsumerRecord<String, byte[]> only(List<ConsumerRecord<String, byte[]>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
    }

    static double metric(String name) {
        String body = given().get("/q/metrics").asString();
        return Arrays.stream(body.split("\n"))
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A GET over a socket bound to another loopback address, to be a peer that is not a trusted proxy. */
    static String rawGetFrom(String localAddress, String path, String extraHeader) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port,
                InetAddress.getByName(localAddress), 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
