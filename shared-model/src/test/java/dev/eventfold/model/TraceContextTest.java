package dev.eventfold.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.payload.PageViewed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.eventfold.model.EventCodecTest.userCreated;
import static org.assertj.core.api.Assertions.assertThat;

/** The CloudEvents distributed-tracing extension: validated by W3C Trace Context, carried by both bindings. */
class TraceContextTest {

    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final CloudEvent traced = CloudEvent.of("evt-9", "/pixel", EventType.PAGE_VIEWED, "page-7",
                    Instant.parse("2026-11-30T12:00:00Z"), "org-1", null,
                    new PageViewed("81.2.69.142", "Mozilla/5.0", null, "v-1"))
            .withTrace(PARENT, "vendor=abc");

    @Test
    void parsesTheFieldsOfATraceparent() {
        TraceContext context = TraceContext.parse(PARENT).orElseThrow();

        assertThat(context.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(context.parentId()).isEqualTo("b7ad6b7169203331");
        assertThat(context.flags()).isEqualTo("01");
        assertThat(context.traceparent()).isEqualTo(PARENT);
    }

    @Test
    void refusesWhatW3CTraceContextRefuses() {
        for (String bad : new String[]{
                "00-abc-def-01",                                                   // short fields
                "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",         // upper case
                "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",         // version ff
                "00-00000000000000000000000000000000-b7ad6b7169203331-01",         // zero trace id
                "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",         // zero parent id
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"}) { // version 00 has four fields
            assertThat(TraceContext.problem(bad)).as(bad).isNotNull();
            assertThat(TraceContext.parse(bad)).as(bad).isEmpty();
            assertThat(EventCodec.forClients(1024).validate(userCreated().put("traceparent", bad)))
                    .as(bad).extracting(Violation::field).containsExactly("traceparent");
        }
        assertThat(TraceContext.problem("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future")).isNull();
    }

    @Test
    void aNewRootIsAValidSampledTraceOfItsOwn() {
        TraceContext first = TraceContext.newRoot();
        TraceContext second = TraceContext.newRoot();

        assertThat(TraceContext.problem(first.traceparent())).isNull();
        assertThat(first.flags()).isEqualTo("01");
        assertThat(first.traceId()).isNotEqualTo(second.traceId());
    }

    @Test
    void theStructuredFormCarriesTheTraceAndDecodesBack() {
        ObjectNode structured = EventCodec.encode(traced);

        assertThat(structured.get("traceparent").asText()).isEqualTo(PARENT);
        assertThat(structured.get("tracestate").asText()).isEqualTo("vendor=abc");
        assertThat(EventCodec.internal().decode(structured)).isEqualTo(traced);
    }

    @Test
    void kafkaAndHttpBindingsCarryItAsCeHeaders() {
        ProducerRecord<String, byte[]> written = KafkaBinding.toRecord("eventfold.events", traced);
        assertThat(new String(written.headers().lastHeader("ce_traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(PARENT);
        ConsumerRecord<String, byte[]> read = new ConsumerRecord<>("eventfold.events", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, written.key(), written.value(), written.headers(), Optional.empty());
        assertThat(KafkaBinding.fromRecord(EventCodec.internal(), read)).isEqualTo(traced);

        Map<String, String> headers = HttpBinding.headers(traced);
        assertThat(headers).containsEntry("ce-traceparent", PARENT).containsEntry("ce-tracestate", "vendor=abc");
        assertThat(HttpBinding.fromBinary(EventCodec.internal(), headers, HttpBinding.body(traced))).isEqualTo(traced);
    }

    @Test
    void aDerivedEventKeepsItsCausesTraceAndAnUntracedCauseChangesNothing() {
        CloudEvent derived = CloudEvent.of("d-1", "/geo-enricher", EventType.PAGE_VIEWED, "page-7",
                traced.time(), "org-1", null, traced.payload(PageViewed.class));

        assertThat(derived.withTraceOf(traced).traceparent()).isEqualTo(PARENT);
        assertThat(derived.withTraceOf(traced).tracestate()).isEqualTo("vendor=abc");
        assertThat(derived.withTraceOf(derived)).isEqualTo(derived);
        assertThat(traced.withOrgId("org-2").traceparent()).isEqualTo(PARENT);
        assertThat(derived.withTrace(null, "vendor=abc").tracestate()).isNull();
    }
}
