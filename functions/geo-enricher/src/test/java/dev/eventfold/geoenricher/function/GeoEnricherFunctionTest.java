package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.localstack.testing.TopicReader;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.PageViewEnriched;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The Knative trigger over HTTP: a binary-mode CloudEvent ({@code ce-*} headers) as a KafkaSource posts it,
 * the answer, and the enriched record on the real broker.
 */
@QuarkusTest
@QuarkusTestResource(value = GeoEnricherTestResource.class, restrictToAnnotatedClass = false)
class GeoEnricherFunctionTest {

    private TopicReader enriched;

    @BeforeEach
    void readEnrichedTopic() {
        enriched = new TopicReader(GeoEnricherTestResource.bootstrapServers(),
                Topic.VISITS_ENRICHED.topicName(GeoEnricherTestResource.prefix()));
    }

    @AfterEach
    void close() {
        enriched.close();
    }

    private static RequestSpecification pageViewed(String id, String subject, String data) {
        return given()
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-type", EventType.PAGE_VIEWED.type())
                .header("ce-source", "/pixel")
                .header("ce-subject", subject)
                .header("ce-time", "2026-11-30T10:15:30Z")
                .header("ce-orgid", "org-1")
                .contentType("application/json")
                .body(data);
    }

    @Test
    void a_page_view_is_answered_204_without_a_reply_and_emitted_to_kafka_enriched() {
        String id = UUID.randomUUID().toString();

        // no body and no ce-* headers: a Trigger's subscriber reply would be written back into the Broker
        pageViewed(id, "page-1", "{\"ip\":\"81.2.69.142\",\"userAgent\":\"Mozilla/5.0\",\"visitorId\":\"v-1\"}")
                .post("/")
                .then()
                .statusCode(204)
                .header("ce-type", nullValue())
                .body(is(""));

        ConsumerRecord<String, byte[]> record = enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", id));
        assertThat(record.key()).isEqualTo(KafkaBinding.key("org-1", "page-1"));
        CloudEvent event = KafkaBinding.fromRecord(EventCodec.internal(), record);
        assertThat(event.type()).isEqualTo(EventType.PAGE_VIEW_ENRICHED.type());
        assertThat(event.source()).isEqualTo(GeoEnricher.SOURCE);
        PageViewEnriched view = event.payload(PageViewEnriched.class);
        assertThat(view.geo()).isEqualTo("known");
        assertThat(view.countryCode()).isEqualTo("GB");
        assertThat(view.city()).isEqualTo("London");
        assertThat(view.tor()).isTrue();
        assertThat(event.orgId()).isEqualTo("org-1");
        assertThat(event.subject()).isEqualTo("page-1");
        PageViewEnriched payload = event.payload(PageViewEnriched.class);
        assertThat(payload.pageId()).isEqualTo("page-1");
        assertThat(payload.ip()).isEqualTo("81.2.69.142");
        assertThat(payload.visitorId()).isEqualTo("v-1");
        assertThat(payload.viewedAt()).isEqualTo("2026-11-30T10:15:30Z");
        assertThat(payload.region()).isEqualTo("England");
        assertThat(payload.timeZone()).isEqualTo("Europe/London");
        assertThat(payload.anonymousVpn()).isTrue();
    }

    @Test
    void a_structured_mode_cloud_event_is_enriched_too() {
        String id = UUID.randomUUID().toString();

        given()
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"" + EventType.PAGE_VIEWED.type()
                        + "\",\"source\":\"/pixel\",\"subject\":\"page-s\",\"time\":\"2026-11-30T10:15:30Z\","
                        + "\"orgid\":\"org-s\",\"datacontenttype\":\"application/json\","
                        + "\"data\":{\"ip\":\"89.160.20.128\"}}")
                .post("/")
                .then()
                .statusCode(204);

        CloudEvent event = KafkaBinding.fromRecord(EventCodec.internal(),
                enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-s", "/pixel", id)));
        assertThat(event.type()).isEqualTo(EventType.PAGE_VIEW_ENRICHED.type());
        assertThat(event.payload(PageViewEnriched.class).city()).isEqualTo("Linköping");
        assertThat(event.payload(PageViewEnriched.class).asn()).isEqualTo(29518);
        assertThat(event.orgId()).isEqualTo("org-s");
        assertThat(event.payload(PageViewEnriched.class).asnOrganization()).isEqualTo("Bredband2 AB");
    }

    @Test
    void an_ipv6_page_view_is_located() {
        String id = UUID.randomUUID().toString();

        pageViewed(id, "page-2", "{\"ip\":\"2001:480:10::1\"}")
                .post("/")
                .then()
                .statusCode(204);

        PageViewEnriched payload = KafkaBinding.fromRecord(EventCodec.internal(),
                enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", id))).payload(PageViewEnriched.class);
        assertThat(payload.city()).isEqualTo("San Diego");
        assertThat(payload.countryCode()).isEqualTo("US");
    }

    @Test
    void private_and_malformed_addresses_are_emitted_as_unknown_not_refused() {
        String privateId = UUID.randomUUID().toString();
        String malformedId = UUID.randomUUID().toString();

        pageViewed(privateId, "page-3", "{\"ip\":\"192.168.1.20\"}")
                .post("/")
                .then()
                .statusCode(204);
        pageViewed(malformedId, "page-3", "{\"ip\":\"1.2.3\"}")
                .post("/")
                .then()
                .statusCode(204);

        PageViewEnriched malformed = KafkaBinding.fromRecord(EventCodec.internal(),
                enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", malformedId))).payload(PageViewEnriched.class);
        assertThat(malformed.ip()).isEqualTo("1.2.3");
        assertThat(malformed.geo()).isEqualTo("unknown");
        assertThat(malformed.unknownReason()).isEqualTo("malformed");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "eventfold_events_enriched_total{function=\"geo-enricher\",geo=\"unknown\",reason=\"malformed\"}"));
        PageViewEnriched privateView = KafkaBinding.fromRecord(EventCodec.internal(),
                enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", privateId))).payload(PageViewEnriched.class);
        assertThat(privateView.geo()).isEqualTo("unknown");
        assertThat(privateView.unknownReason()).isEqualTo("private");
        assertThat(privateView.countryCode()).isNull();
    }

    @Test
    void an_invalid_page_view_is_answered_400_with_a_problem_and_not_emitted() {
        String invalidId = UUID.randomUUID().toString();
        String validId = UUID.randomUUID().toString();

        pageViewed(invalidId, "page-4", "{\"userAgent\":\"no ip\"}")
                .post("/")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("data.ip"));
        pageViewed(validId, "page-4", "{\"ip\":\"89.160.20.128\"}").post("/").then().statusCode(204);

        // same key, same partition: once the later event is there, the refused one would be before it
        List<ConsumerRecord<String, byte[]>> records =
                enriched.readUntil(r -> DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", validId).equals(TopicReader.header(r, "ce_id")));
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_id"))
                .doesNotContain(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", invalidId));
    }

    @Test
    void an_event_without_tenant_is_answered_400() {
        given()
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", EventType.PAGE_VIEWED.type())
                .header("ce-source", "/pixel")
                .header("ce-subject", "page-5")
                .header("ce-time", "2026-11-30T10:15:30Z")
                .contentType("application/json")
                .body("{\"ip\":\"81.2.69.142\"}")
                .post("/")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("orgid"));
    }

    @Test
    void readiness_shows_the_databases_in_service() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'eventfold-geoip' }.data.'eventfold.geoip.city-db'",
                        startsWith("GeoIP2-City built"))
                .body("checks.find { it.name == 'eventfold-geoip' }.data.'eventfold.geoip.asn-db'",
                        startsWith("GeoLite2-ASN built"));
    }

    @Test
    void a_redelivered_page_view_yields_the_same_enriched_event() {
        String id = UUID.randomUUID().toString();
        String data = "{\"ip\":\"216.160.83.56\"}";

        pageViewed(id, "page-6", data).post("/").then().statusCode(204);
        pageViewed(id, "page-6", data).post("/").then().statusCode(204);

        String derived = DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", id);
        List<ConsumerRecord<String, byte[]>> records =
                enriched.readUntil(r -> derived.equals(TopicReader.header(r, "ce_id")), 2);
        assertThat(records).filteredOn(r -> derived.equals(TopicReader.header(r, "ce_id")))
                .hasSize(2)
                .allSatisfy(r -> assertThat(KafkaBinding.fromRecord(EventCodec.internal(), r)
                        .payload(PageViewEnriched.class).postalCode()).isEqualTo("98354"));
        List<String> values = records.stream().filter(r -> derived.equals(TopicReader.header(r, "ce_id")))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(values.get(1)).isEqualTo(values.get(0));
    }
}
