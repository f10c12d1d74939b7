package dev.eventfold.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.payload.UserCreated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private final EventCodec clients = EventCodec.forClients(EventCodec.DEFAULT_MAX_DATA_BYTES);

    static ObjectNode userCreated() {
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("specversion", "1.0")
                .put("id", "evt-1")
                .put("source", "/apps/signup")
                .put("type", EventType.USER_CREATED.type())
                .put("subject", "user-42")
                .put("time", "2026-11-30T10:15:30Z");
        event.putObject("data")
                .put("name", "Ada Lovelace")
                .put("email", "ada@example.com")
                .putArray("roles").add("admin");
        return event;
    }

    @Test
    void decodesAValidEventIntoItsTypedPayload() {
        CloudEvent event = clients.decode(userCreated());

        assertThat(event.id()).isEqualTo("evt-1");
        assertThat(event.subject()).isEqualTo("user-42");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-30T10:15:30Z"));
        assertThat(event.eventType()).isEqualTo(EventType.USER_CREATED);
        assertThat(event.payload(UserCreated.class))
                .isEqualTo(new UserCreated("Ada Lovelace", "ada@example.com", List.of("admin")));
    }

    @Test
    void reportsEveryProblemAtOnceWithItsFieldPath() {
        ObjectNode event = userCreated();
        event.remove("id");
        event.put("time", "yesterday");
        ObjectNode data = (ObjectNode) event.get("data");
        data.remove("name");
        data.put("email", 12);
        data.putArray("roles").add("admin").add(7);

        assertThat(clients.validate(event)).containsExactlyInAnyOrder(
                new Violation("id", "is required"),
                new Violation("time", "is not an RFC 3339 timestamp: \"yesterday\""),
                new Violation("data.name", "is required"),
                new Violation("data.email", "must be a string, was a number"),
                new Violation("data.roles[1]", "must be a string, was a number"));
    }

    @Test
    void refusesUnknownTypesAndDerivedTypesFromClients() {
        ObjectNode unknown = userCreated().put("type", "dev.eventfold.user.teleported");
        ObjectNode derived = userCreated().put("type", EventType.USER_STATE_UPDATED.type());

        assertThat(clients.validate(unknown))
                .containsExactly(new Violation("type", "unknown event type \"dev.eventfold.user.teleported\""));
        assertThat(clients.validate(derived)).extracting(Violation::field).containsExactly("type");
    }

    @Test
    void refusesOversizedData() {
        ObjectNode event = userCreated();
        ((ObjectNode) event.get("data")).put("name", "x".repeat(2000));

        assertThat(EventCodec.forClients(1024).validate(event))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("data");
                    assertThat(v.message()).contains("limit of 1024");
                });
    }

    @Test
    void refusesWrongSpecVersionBadContentTypeAndBlankIds() {
        ObjectNode event = userCreated()
                .put("specversion", "0.3")
                .put("datacontenttype", "text/plain")
                .put("id", "  ")
                .put("subject", "");

        assertThat(clients.validate(event)).extracting(Violation::field)
                .containsExactlyInAnyOrder("specversion", "datacontenttype", "id", "subject");
    }

    @Test
    void internalEventsNeedAnOrganizationAndATime() {
        ObjectNode event = userCreated();
        event.remove("time");

        assertThat(EventCodec.internal().validate(event)).extracting(Violation::field)
                .containsExactlyInAnyOrder("time", "orgid");
        assertThat(clients.validate(event)).isEmpty();
    }

    @Test
    void optionalPayloadFieldsMayBeAbsent() {
        ObjectNode event = userCreated().put("type", EventType.USER_UPDATED.type());
        ObjectNode data = Json.MAPPER.createObjectNode().put("email", "new@example.com");
        event.set("data", data);

        assertThat(clients.validate(event)).isEmpty();
    }

    @Test
    void malformedJsonIsAValidationError() {
        assertThatThrownBy(() -> clients.decode("{\"id\":".getBytes()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void encodeThenDecodeGivesTheSameEvent() {
        CloudEvent event = clients.decode(userCreated()).withOrgId("org-1");

        assertThat(EventCodec.internal().decode(EventCodec.encode(event))).isEqualTo(event);
    }
}
