package dev.eventfold.webhooks.delivery;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.webhooks.store.EndpointStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one event looks like on the wire, worked out once for every endpoint it fans out to (the payload is
 * decoded, the body and the binary-mode headers encoded, once per event instead of once per delivery): the last
 * {@code capacity} events, keyed by id and checked against the payload, so a different payload under the same id
 * is rendered afresh. Signatures stay per delivery (each endpoint's secret, each attempt's timestamp).
 */
final class Renderings {

    /** An event ready to send: binary-mode body and headers, structured-mode body. */
    record Rendering(String payload, CloudEvent event, byte[] binaryBody, Map<String, String> binaryHeaders,
                     byte[] structuredBody) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Rendering> recent;

    Renderings(int capacity) {
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Rendering> eldest) {
                return size() > Renderings.this.capacity;
            }
        };
    }

    Rendering of(String eventId, String payload) {
        synchronized (recent) {
            Rendering r = recent.get(eventId);
            if (r != null && r.payload().equals(payload)) {
                return r;
            }
        }
        CloudEvent event = EndpointStore.event(payload);
        Rendering r = new Rendering(payload, event, HttpBinding.body(event), java.util.Collections.unmodifiableMap(HttpBinding.headers(event)),
                HttpBinding.structuredBody(event));
        synchronized (recent) {
            recent.put(eventId, r);
        }
        return r;
    }
}
