package dev.eventfold.model;

import dev.eventfold.model.payload.PageViewed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBindingTest {

    private final CloudEvent viewed = CloudEvent.of("evt-9", "/pixel", EventType.PAGE_VIEWED, "page-7",
            Instant.parse("2026-11-30T12:00:00Z"), "org-1", null,
            new PageViewed("81.2.69.142", "Mozilla/5.0", null, "v-1"));

    @Test
    void writesBinaryModeWithOrganizationAndSubjectAsKey() {
        ProducerRecord<String, byte[]> record = KafkaBinding.toRecord("eventfold.events", viewed);

        assertThat(record.key()).isEqualTo("org-1/page-7");
        assertThat(header(record.headers(), "ce_id")).isEqualTo("evt-9");
        assertThat(header(record.headers(), "ce_type")).isEqualTo("dev.eventfold.page.viewed");
        assertThat(header(record.headers(), "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record.headers(), "ce_orgid")).isEqualTo("org-1");
        assertThat(header(record.headers(), "ce_time")).isEqualTo("2026-11-30T12:00:00Z");
        assertThat(header(record.headers(), "content-type")).isEqualTo("application/json");
        assertThat(record.headers().lastHeader("ce_actorid")).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"ip\":\"81.2.69.142\"");
    }

    @Test
    void twoOrganizationsSubjectsOfOneIdAreTwoKeys() {
        CloudEvent other = CloudEvent.of("evt-10", "/pixel", EventType.PAGE_VIEWED, "page-7", viewed.time(), "org-2",
                null, new PageViewed("81.2.69.142", "Mozilla/5.0", null, "v-1"));

        assertThat(KafkaBinding.toRecord("eventfold.events", other).key())
                .isNotEqualTo(KafkaBinding.toRecord("eventfold.events", viewed).key());
    }

    @Test
    void theKeyIsInjectiveWhateverTheOrganizationIdHolds() {
        assertThat(KafkaBinding.key("a/b", "c")).isNotEqualTo(KafkaBinding.key("a", "b/c"));
        assertThat(KafkaBinding.key("a%2Fb", "c")).isNotEqualTo(KafkaBinding.key("a/b", "c"));
        assertThat(KafkaBinding.key("a/b", "c")).isEqualTo("a%2Fb/c");
        assertThat(KafkaBinding.key("100%", "c/d")).isEqualTo("100%25/c/d");
        assertThat(KafkaBinding.key("Zürich", "page \uD83D\uDE00")).isEqualTo("Zürich/page \uD83D\uDE00");
    }

    @Test
    void anEventWithoutOrganizationHasNoRecord() {
        CloudEvent anonymous = new CloudEvent("evt-11", "/pixel", EventType.PAGE_VIEWED.type(), "page-7", viewed.time(),
                null, null, viewed.data());

        assertThatThrownBy(() -> KafkaBinding.toRecord("eventfold.events", anonymous))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orgid");
    }

    @Test
    void readsBackTheSameEvent() {
        ProducerRecord<String, byte[]> written = KafkaBinding.toRecord("eventfold.events", viewed);
        ConsumerRecord<String, byte[]> read = new ConsumerRecord<>("eventfold.events", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, written.key(), written.value(), written.headers(), Optional.empty());

        assertThat(KafkaBinding.fromRecord(EventCodec.internal(), read)).isEqualTo(viewed);
    }

    @Test
    void aRecordWithoutCloudEventHeadersIsPoison() {
        ConsumerRecord<String, byte[]> junk = new ConsumerRecord<>("eventfold.events", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, "k", "{}".getBytes(), new RecordHeaders(), Optional.empty());

        assertThatThrownBy(() -> KafkaBinding.fromRecord(EventCodec.internal(), junk))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .contains("id", "type", "source", "subject", "orgid"));
    }

    private static String header(org.apache.kafka.common.header.Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
