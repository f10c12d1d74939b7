package dev.eventfold.geoenricher.function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.localstack.testing.TopicReader;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka trigger end to end on the real broker: page views produced to the events topic come out enriched on
 * the visits topic, other types are skipped, a poison record goes to the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(value = GeoEnricherTestResource.class, restrictToAnnotatedClass = false)
class GeoEnricherKafkaTriggerTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    private static CloudEvent pageViewed(String subject, String ip) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/pixel", EventType.PAGE_VIEWED, subject, AT, "org-k", null,
                new PageViewed(ip, "curl/8", null, null));
    }

    private static String derived(CloudEvent source) {
        return DerivedIds.derivedId("geo-enricher", source);
    }

    @Test
    void page_views_from_the_events_topic_are_enriched_in_order_and_the_rest_skipped_or_dead_lettered() {
        String prefix = GeoEnricherTestResource.prefix();
        String page = "page-" + UUID.randomUUID();
        CloudEvent milton = pageViewed(page, "216.160.83.56");
        CloudEvent user = CloudEvent.of(UUID.randomUUID().toString(), "/app", EventType.USER_CREATED, page, AT,
                "org-k", null, new UserCreated("Ada", "ada@example.com", List.of()));
        CloudEvent privateView = pageViewed(page, "10.0.0.1");
        ObjectNode noIp = Json.MAPPER.createObjectNode().put("ip", 42);
        CloudEvent poison = new CloudEvent(UUID.randomUUID().toString(), "/pixel", EventType.PAGE_VIEWED.type(), page,
                AT, "org-k", null, noIp);
        CloudEvent sanDiego = pageViewed(page, "2001:480:10::1");
        CloudEvent malformed = pageViewed(page, "not-an-ip");
        List<CloudEvent> input = List.of(milton, user, privateView, poison, sanDiego, malformed, milton);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, GeoEnricherTestResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent event : input) {
                producer.send(KafkaBinding.toRecord(Topic.EVENTS.topicName(prefix), event));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, byte[]>> out;
        try (TopicReader enriched = new TopicReader(GeoEnricherTestResource.bootstrapServers(),
                Topic.VISITS_ENRICHED.topicName(prefix))) {
            out = enriched.readUntil(r -> derived(milton).equals(TopicReader.header(r, "ce_id")), 2);
        }
        // one key, one partition: the output is in input order; the redelivered view gives the same event again
        List<ConsumerRecord<String, byte[]>> ofPage = out.stream().filter(r -> KafkaBinding.key("org-k", page).equals(r.key())).toList();
        assertThat(ofPage).extracting(r -> TopicReader.header(r, "ce_id")).containsExactly(
                derived(milton), derived(privateView), derived(sanDiego), derived(malformed), derived(milton));
        List<PageViewEnriched> payloads = ofPage.stream()
                .map(r -> KafkaBinding.fromRecord(EventCodec.internal(), r).payload(PageViewEnriched.class)).toList();
        assertThat(payloads).extracting(PageViewEnriched::city, PageViewEnriched::unknownReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Milton", null),
                        org.assertj.core.groups.Tuple.tuple(null, "private"),
                        org.assertj.core.groups.Tuple.tuple("San Diego", null),
                        org.assertj.core.groups.Tuple.tuple(null, "malformed"),
                        org.assertj.core.groups.Tuple.tuple("Milton", null));
        assertThat(payloads.get(0).asn()).isEqualTo(209L);
        assertThat(ofPage).allSatisfy(r -> assertThat(TopicReader.header(r, "ce_orgid")).isEqualTo("org-k"));

        try (TopicReader deadLetters = new TopicReader(GeoEnricherTestResource.bootstrapServers(),
                Topic.DEAD_LETTER.topicName(prefix))) {
            ConsumerRecord<String, byte[]> dead = deadLetters.readEvent(poison.id());
            assertThat(dead.key()).isEqualTo(KafkaBinding.key("org-k", page));
            assertThat(TopicReader.header(dead, DeadLetterHeaders.FUNCTION)).isEqualTo("geo-enricher");
            assertThat(TopicReader.header(dead, DeadLetterHeaders.REASON)).contains("data.ip");
            assertThat(TopicReader.header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(Topic.EVENTS.topicName(prefix));
            assertThat(new String(dead.value())).isEqualTo("{\"ip\":42}");
        }
    }
}
