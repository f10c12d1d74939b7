package dev.eventfold.ingest.api;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.ingest.domain.ClientEventTypes;
import dev.eventfold.ingest.domain.ContentMode;
import dev.eventfold.ingest.domain.IncomingEvents;
import dev.eventfold.ingest.publish.EventPublisher;
import dev.eventfold.ingest.store.PageDirectory;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.Text;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.observe.EventTracing;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /events}, the front door: the runtime's tenant filter maps the API key to its organization; this then
 * reads one structured or binary CloudEvent or a batch, validates everything before anything is written, remembers
 * page owners from {@code page.created}, publishes to the events topic and answers 202 with the accepted ids only
 * after Kafka acknowledged every event.
 */
@Path("/events")
public class EventsResource {

    private final Tenant tenant;
    private final IncomingEvents incoming;
    private final PageDirectory pages;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final int maxBodyBytes;
    private final EventTracing tracing;

    public EventsResource(Tenant tenant, PageDirectory pages, EventPublisher publisher, MeterRegistry registry,
                          EventTracing tracing, IngestConfig config) {
        this.tenant = tenant;
        this.tracing = tracing;
        int maxBodyBytes = config.maxBodyBytes();
        this.incoming = new IncomingEvents(EventCodec.forClients(config.maxDataBytes()));
        this.pages = pages;
        this.publisher = publisher;
        this.registry = registry;
        this.maxBodyBytes = maxBodyBytes;
    }

    @POST
    @TenantScoped
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(@Context HttpHeaders headers, @Context HttpServerRequest request, byte[] body) {
        String orgId = tenant.orgId();
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        Optional<ContentMode> mode = ContentMode.of(contentType);
        if (mode.isEmpty()) {
            String detail = "Send " + ContentMode.STRUCTURED_TYPE + ", " + ContentMode.BATCH_TYPE + ", or "
                    + ContentMode.BINARY_TYPE + " with ce-* headers; got "
                    + (contentType == null ? "no Content-Type" : "\"" + Text.printable(contentType) + "\"") + ".";
            return rejected(HttpProblems.of(415, "Unsupported media type", detail, HttpHeaders.CONTENT_TYPE));
        }
        if (body != null && body.length > maxBodyBytes) {
            return rejected(HttpProblems.tooLarge(body.length, maxBodyBytes));
        }
        List<CloudEvent> events;
        try {
            Map<String, String> single = singleHeaders(request.headers());
            events = incoming.read(mode.get(), contentType, body == null ? new byte[0] : body, single, orgId);
            ClientEventTypes.requireClientSubmittable(events, mode.get() == ContentMode.BATCH);
            String trace = tracing.recordingTrace(headers.getHeaderString(PixelResource.TRACEPARENT));
            events = events.stream().map(e -> e.traceparent() == null ? e.withTrace(trace, null) : e).toList();
        } catch (IncomingEvents.TooManyEventsException e) {
            return rejected(HttpProblems.of(413, "Too many events", e.getMessage() + ".", ""));
        } catch (ValidationException e) {
            countRejected(400);
            throw e;   // the runtime's mapper answers 400 with every violation
        }
        pages.remember(orgId, events.stream()
                .filter(e -> e.type().equals(EventType.PAGE_CREATED.type()))
                .map(CloudEvent::subject).toList());
        publisher.publishAll(events);
        registry.counter("eventfold.ingest.events.accepted").increment(events.size());
        return Response.accepted(Map.of("accepted", events.stream().map(CloudEvent::id).toList())).build();
    }

    /**
     * The request's headers as the HTTP binding reads them, raw as they came (no splitting at commas); a
     * {@code ce-*} header sent twice is refused, since an attribute appears at most once in an event.
     */
    static Map<String, String> singleHeaders(MultiMap headers) {
        Map<String, String> single = new LinkedHashMap<>();
        List<Violation> repeated = new ArrayList<>();
        for (String name : headers.names()) {
            List<String> values = headers.getAll(name);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(HttpBinding.PREFIX) && values.size() > 1) {
                repeated.add(new Violation(Text.printable(lower.substring(HttpBinding.PREFIX.length())),
                        "is sent in more than one " + HttpBinding.PREFIX + " header"));
            } else if (!values.isEmpty()) {
                single.put(lower, values.get(0));
            }
        }
        if (!repeated.isEmpty()) {
            throw new ValidationException(repeated);
        }
        return single;
    }

    private Response rejected(Problem problem) {
        countRejected(problem.status());
        return problem.toResponse();
    }

    private void countRejected(int status) {
        registry.counter("eventfold.ingest.requests.rejected", "status", Integer.toString(status)).increment();
    }
}
