package dev.eventfold.runtime.observe;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.TraceContext;
import dev.eventfold.runtime.config.FunctionConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows each event through a function with OpenTelemetry: the triggers open one consumer span per event, a child
 * of the trace the event carries in its CloudEvents {@code traceparent}, and hand the function the event re-parented
 * onto that span, so every event derived from it ({@link #derivedFrom}) continues the trace from the pixel to the
 * campaign stats. With the SDK off (no exporter endpoint configured, see {@link TracingDefaults}) nothing is
 * created: the event keeps the trace it came with, and derived events still inherit it.
 */
@ApplicationScoped
public class EventTracing {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> EVENT_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> EVENT_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");
    static final AttributeKey<String> ORG_ID = AttributeKey.stringKey("eventfold.orgid");
    static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("eventfold.trigger");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<CloudEvent> FROM_EVENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CloudEvent event) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(CloudEvent event, String key) {
            if (event == null) {
                return null;
            }
            return switch (key) {
                case "traceparent" -> event.traceparent();
                case "tracestate" -> event.tracestate();
                default -> null;
            };
        }
    };

    private final Tracer tracer;
    private final boolean enabled;
    private final String functionName;

    EventTracing(OpenTelemetry openTelemetry, FunctionConfig config,
                 @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled) {
        this.tracer = openTelemetry.getTracer("dev.eventfold.runtime");
        this.enabled = !disabled;
        this.functionName = config.functionName();
    }

    /** One event inside its consumer span; {@link #end} it once its effect is durable or has failed. */
    public record Traced(CloudEvent event, Span span) {

        public void end(Throwable failure) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }

    /** Opens the consumer span of one event received by {@code trigger} ("funqy" or the topic it was read from). */
    public Traced start(CloudEvent event, String trigger) {
        if (!enabled) {
            return new Traced(event, Span.getInvalid());
        }
        Context parent = event.traceparent() == null ? Context.root() : W3C.extract(Context.root(), event, FROM_EVENT);
        Span span = tracer.spanBuilder(functionName + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(EVENT_ID, event.id())
                .setAttribute(EVENT_SOURCE, event.source())
                .setAttribute(EVENT_TYPE, event.type())
                .setAttribute(EVENT_SUBJECT, event.subject())
                .setAttribute(ORG_ID, event.orgId() == null ? "" : event.orgId())
                .setAttribute(TRIGGER, trigger)
                .startSpan();
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(Context.root().with(span), carrier, Map::put);
        String traceparent = carrier.get("traceparent");
        return new Traced(traceparent == null ? event : event.withTrace(traceparent, carrier.get("tracestate")), span);
    }

    /**
     * The trace of an event recorded now, at the front door: the current span's when tracing is on (Quarkus opened
     * it for the request, a child of the request's {@code traceparent} header), else the request's
     * {@code traceparent} header when it is a valid one, else the root of a new trace.
     */
    public String recordingTrace(@Nullable String requestTraceparent) {
        if (enabled) {
            SpanContext current = Span.current().getSpanContext();
            if (current.isValid()) {
                return "00-" + current.getTraceId() + "-" + current.getSpanId() + "-" + current.getTraceFlags().asHex();
            }
        }
        return TraceContext.parse(requestTraceparent).orElseGet(TraceContext::newRoot).traceparent();
    }

    /** Ends the spans of a batch, all with the batch's outcome. */
    public static void endAll(List<Traced> traced, Throwable failure) {
        for (Traced t : traced) {
            t.end(failure);
        }
    }

    /**
     * The derived events of {@code cause}, each in the cause's trace unless its function put it in another: the
     * runtime applies this to whatever a per-event handler returns.
     */
    public static List<CloudEvent> derivedFrom(CloudEvent cause, List<CloudEvent> derived) {
        if (cause.traceparent() == null || derived.isEmpty()) {
            return derived;
        }
        List<CloudEvent> out = new ArrayList<>(derived.size());
        for (CloudEvent event : derived) {
            out.add(event.traceparent() == null ? event.withTraceOf(cause) : event);
        }
        return out;
    }
}
