package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.TraceContext;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an OTLP endpoint configured, each function opens a consumer span per event, a child of the event's
 * CloudEvents {@code traceparent}, and its derived events continue the trace from that span, on both triggers.
 */
@QuarkusTest
@TestProfile(TracingTest.EndpointConfigured.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** An endpoint is all it takes (TracingDefaults turns the SDK on); nothing listens there, spans go to memory too. */
    public static class EndpointConfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9",
                    "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Singleton
    static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter inMemory() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aDeliveredEventIsProcessedInAChildSpanThatItsDerivedEventContinues() {
        String parentId = "00f067aa0ba902b7";
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Ada")
                .withTrace("00-" + TRACE_ID + "-" + parentId + "-01", "vendor=eventfold");

        post(event).then().statusCode(204);

        SpanData span = spanOf(event);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(parentId);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getAttributes().asMap()).containsValue("funqy").containsValue(event.orgId());
        assertThat(derivedTraceparent(event)).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    }

    @Test
    void anEventReadFromKafkaIsProcessedInAChildSpanToo() {
        String parentId = "a1b2c3d4e5f60718";
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Grace")
                .withTrace("00-" + TRACE_ID + "-" + parentId + "-01", null);

        produce(List.of(record(event)));

        SpanData span = spanOf(event);
        assertThat(span.getParentSpanId()).isEqualTo(parentId);
        assertThat(span.getAttributes().asMap()).containsValue(topic(Topic.EVENTS));
        assertThat(derivedTraceparent(event)).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    }

    @Test
    void anEventWithoutATraceStartsOne() {
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Alan");

        post(event).then().statusCode(204);

        SpanData span = spanOf(event);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(TraceContext.parse(derivedTraceparent(event)).orElseThrow().traceId()).isEqualTo(span.getTraceId());
    }

    private SpanData spanOf(CloudEvent event) {
        Optional<SpanData>[] found = new Optional[]{Optional.empty()};
        eventually("the event's span is exported", () -> {
            found[0] = spans.getFinishedSpanItems().stream()
                    .filter(s -> event.id().equals(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey
                            .stringKey("cloudevents.event_id"))))
                    .findFirst();
            return found[0].isPresent();
        });
        return found[0].orElseThrow();
    }

    private static String derivedTraceparent(CloudEvent event) {
        String derivedId = DerivedIds.derivedId(CounterHandler.NAME, event);
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> derivedId.equals(header(r, "ce_id"))), Duration.ofSeconds(20));
        return users.stream().filter(r -> derivedId.equals(header(r, "ce_id"))).findFirst()
                .map(r -> header(r, "ce_traceparent")).orElseThrow();
    }
}
