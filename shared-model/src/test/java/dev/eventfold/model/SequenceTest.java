package dev.eventfold.model;

import dev.eventfold.model.payload.PageViewed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CloudEvents sequence extension on derived state: a subject's versions, in string order. */
class SequenceTest {

    private final CloudEvent state = CloudEvent.of("d-1", "/user-aggregator", EventType.PAGE_VIEWED, "page-7",
            Instant.parse("2026-11-30T12:00:00Z"), "org-1", null, new PageViewed("81.2.69.142", null, null, null));

    @Test
    void versionsAreZeroPaddedSoThatStringOrderIsNumericOrder() {
        assertThat(state.withSequence(1).sequence()).isEqualTo("0000000000000000001");
        assertThat(state.withSequence(Long.MAX_VALUE).sequence()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(state.withSequence(9).sequence()).isLessThan(state.withSequence(10).sequence());
        assertThat(state.withSequence(99_999).sequence()).isLessThan(state.withSequence(100_000).sequence());
        assertThatThrownBy(() -> state.withSequence(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itTravelsInBothBindingsAndSurvivesTheOtherCopies() {
        CloudEvent versioned = state.withSequence(42).withTrace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                null).withOrgId("org-2");
        assertThat(versioned.sequence()).isEqualTo("0000000000000000042");

        ProducerRecord<String, byte[]> written = KafkaBinding.toRecord("eventfold.users", versioned);
        assertThat(new String(written.headers().lastHeader("ce_sequence").value(), StandardCharsets.UTF_8))
                .isEqualTo("0000000000000000042");
        ConsumerRecord<String, byte[]> read = new ConsumerRecord<>("eventfold.users", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, written.key(), written.value(), written.headers(), Optional.empty());
        assertThat(KafkaBinding.fromRecord(EventCodec.internal(), read)).isEqualTo(versioned);
        assertThat(HttpBinding.headers(versioned)).containsEntry("ce-sequence", "0000000000000000042");
        assertThat(EventCodec.internal().decode(EventCodec.encode(versioned))).isEqualTo(versioned);
    }
}
