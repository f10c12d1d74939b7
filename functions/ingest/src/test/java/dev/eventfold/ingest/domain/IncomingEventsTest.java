package dev.eventfold.ingest.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pure reading of {@code POST /events} bodies: given a body, when read, then events or every violation. */
class IncomingEventsTest {

    private final IncomingEvents incoming = new IncomingEvents(EventCodec.forClients(EventCodec.DEFAULT_MAX_DATA_BYTES));

    @Test
    void structuredEventGetsTheOrganizationOfTheKey() {
        byte[] body = bytes(event("e-1", "u-1", "a@example.com"));

        List<CloudEvent> events = incoming.read(ContentMode.STRUCTURED, ContentMode.STRUCTURED_TYPE, body, h -> null, "org-1");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("e-1");
            assertThat(e.subject()).isEqualTo("u-1");
            assertThat(e.orgId()).isEqualTo("org-1");
        });
    }

    @Test
    void orgidOfAnotherOrganizationIsAViolation() {
        byte[] body = bytes(event("e-1", "u-1", "a@example.com").put("orgid", "org-2"));

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> incoming.read(ContentMode.STRUCTURED, ContentMode.STRUCTURED_TYPE, body, h -> null, "org-1"));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("orgid");
    }

    @Test
    void binaryModeTakesAttributesFromCeHeaders() {
        byte[] data = "{\"name\":\"Ada\",\"email\":\"a@example.com\",\"roles\":[]}".getBytes(StandardCharsets.UTF_8);
        var headers = IncomingEvents.headers(Map.of("CE-SpecVersion", "1.0", "ce-id", "e-9", "ce-source", "/x",
                "ce-type", EventType.USER_CREATED.type(), "ce-subject", "u-9"));

        List<CloudEvent> events = incoming.read(ContentMode.BINARY, "application/json; charset=utf-8", data, headers, "org-1");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("e-9");
            assertThat(e.type()).isEqualTo(EventType.USER_CREATED.type());
            assertThat(e.data().get("name").asText()).isEqualTo("Ada");
            assertThat(e.orgId()).isEqualTo("org-1");
        });
    }

    @Test
    void batchViolationsCarryTheEventIndexAndNothingIsReturned() {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        batch.add(event("e-1", "u-1", "a@example.com"));
        ObjectNode second = event("e-2", "u-2", "nope");
        second.remove("source");
        batch.add(second);
        batch.add(event("e-3", "u-3", "c@example.com"));

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> incoming.read(ContentMode.BATCH, ContentMode.BATCH_TYPE, bytes(batch), h -> null, "org-1"));

        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("[1].source", "[1].data.email");
    }

    @Test
    void batchMustBeANonEmptyArrayOfAtMostAThousand() {
        assertThatThrownBy(() -> incoming.read(ContentMode.BATCH, ContentMode.BATCH_TYPE, "[]".getBytes(), h -> null, "o"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> incoming.read(ContentMode.BATCH, ContentMode.BATCH_TYPE, "{}".getBytes(), h -> null, "o"))
                .isInstanceOf(ValidationException.class);
        ArrayNode big = Json.MAPPER.createArrayNode();
        for (int i = 0; i <= IncomingEvents.MAX_BATCH_EVENTS; i++) {
            big.add(event("e-" + i, "u", "a@example.com"));
        }
        assertThatThrownBy(() -> incoming.read(ContentMode.BATCH, ContentMode.BATCH_TYPE, bytes(big), h -> null, "o"))
                .isInstanceOf(IncomingEvents.TooManyEventsException.class);
    }

    @Test
    void invalidJsonIsAViolation() {
        assertThatThrownBy(() -> incoming.read(ContentMode.STRUCTURED, ContentMode.STRUCTURED_TYPE, "{".getBytes(), h -> null, "o"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void contentModesByMediaType() {
        assertThat(ContentMode.of("application/cloudevents+json; charset=UTF-8")).contains(ContentMode.STRUCTURED);
        assertThat(ContentMode.of("Application/CloudEvents-Batch+JSON")).contains(ContentMode.BATCH);
        assertThat(ContentMode.of("application/json")).contains(ContentMode.BINARY);
        assertThat(ContentMode.of("text/plain")).isEmpty();
        assertThat(ContentMode.of(null)).isEmpty();
    }

    static ObjectNode event(String id, String subject, String email) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("specversion", "1.0").put("id", id).put("source", "/t")
                .put("type", EventType.USER_CREATED.type()).put("subject", subject);
        ObjectNode data = event.putObject("data").put("name", "Ada").put("email", email);
        data.putArray("roles");
        return event;
    }

    static byte[] bytes(Object node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
