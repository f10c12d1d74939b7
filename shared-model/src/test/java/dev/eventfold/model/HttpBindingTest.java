package dev.eventfold.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserCreated;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The CloudEvents HTTP binding in binary mode: ce-* headers, percent-encoded values, the body as data. */
class HttpBindingTest {

    private final CloudEvent viewed = CloudEvent.of("evt-9", "/pixel", EventType.PAGE_VIEWED, "page-7",
            Instant.parse("2026-11-30T12:00:00Z"), "org-1", null,
            new PageViewed("81.2.69.142", "Mozilla/5.0", null, "v-1"));

    private final CloudEvent unicode = CloudEvent.of("evt \"10\" 100%", "/crm/Z%C3%BCrich", EventType.USER_CREATED,
            "user Euro \u20AC \uD83D\uDE00", Instant.parse("2026-11-30T12:00:00.123456Z"), "org-1", "actor-1",
            new UserCreated("Zoë", "zoe@example.com", List.of("admin")));

    private static Map<String, String> validHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "evt-1");
        headers.put("ce-source", "/crm");
        headers.put("ce-type", EventType.USER_CREATED.type());
        headers.put("ce-subject", "user-1");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static final byte[] USER = "{\"name\":\"Ada\",\"email\":\"a@example.com\",\"roles\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void headersOfAnEventAreItsAttributesWithTheCePrefix() {
        Map<String, String> headers = HttpBinding.headers(viewed);

        assertThat(headers).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-id", "evt-9")
                .containsEntry("ce-source", "/pixel")
                .containsEntry("ce-type", "dev.eventfold.page.viewed")
                .containsEntry("ce-subject", "page-7")
                .containsEntry("ce-time", "2026-11-30T12:00:00Z")
                .containsEntry("ce-orgid", "org-1")
                .containsEntry("content-type", "application/json")
                .doesNotContainKey("ce-actorid")
                .doesNotContainKey("ce-datacontenttype");
    }

    @Test
    void roundTripGivesTheSameEvent() {
        for (CloudEvent event : List.of(viewed, unicode)) {
            assertThat(HttpBinding.fromBinary(HttpBinding.headers(event), HttpBinding.body(event))).isEqualTo(event);
        }
    }

    @Test
    void valuesArePercentEncodedAsTheSpecSays() {
        Map<String, String> headers = HttpBinding.headers(unicode);

        assertThat(headers.get("ce-subject")).isEqualTo("user%20Euro%20%E2%82%AC%20%F0%9F%98%80");
        assertThat(headers.get("ce-id")).isEqualTo("evt%20%2210%22%20100%25");
        assertThat(headers.get("ce-source")).isEqualTo("/crm/Z%25C3%25BCrich");
        assertThat(HttpBinding.headers(unicode.withOrgId("Zoë")).get("ce-orgid")).isEqualTo("Zo%C3%AB");
        assertThat(headers.values()).allMatch(v -> v.chars().allMatch(c -> c >= 0x21 && c <= 0x7E));
    }

    @Test
    void decodingAcceptsLowerCaseHexUnnecessaryEncodingAndQuotedStrings() {
        assertThat(HttpBinding.percentDecode("Euro%20%e2%82%ac")).isEqualTo("Euro \u20AC");
        assertThat(HttpBinding.percentDecode("%61bc")).isEqualTo("abc");
        assertThat(HttpBinding.percentDecode("\"quoted \\\"value\\\"\"")).isEqualTo("quoted \"value\"");
        assertThat(HttpBinding.percentDecode("old style with spaces")).isEqualTo("old style with spaces");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> headers = validHeaders();
        headers.put("CE-Id", headers.remove("ce-id"));

        assertThat(HttpBinding.fromBinary(EventCodec.forClients(1024), headers, USER).id()).isEqualTo("evt-1");
    }

    @Test
    void percentEncodingOfNulIsRefused() {
        Map<String, String> headers = validHeaders();
        headers.put("ce-subject", "user%00one");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> HttpBinding.fromBinary(EventCodec.forClients(1024), headers, USER));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("subject");
            assertThat(v.message()).contains("U+0000");
        });
    }

    @Test
    void percentEncodingOfInvalidUtf8IsRefused() {
        for (String bad : List.of("%C0%A0", "%C0%80", "%ED%A0%80", "%FF", "%E2%82", "%F4%90%80%80")) {
            Map<String, String> headers = validHeaders();
            headers.put("ce-id", "evt" + bad);

            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> HttpBinding.fromBinary(EventCodec.forClients(1024), headers, USER));
            assertThat(e.violations()).as(bad).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("id");
                assertThat(v.message()).contains("UTF-8");
            });
        }
    }

    @Test
    void brokenPercentEscapesAndRawNonAsciiAreRefused() {
        for (String bad : List.of("evt%2", "evt%zz", "evt%", "caf\u00e9", "a\u0000b", "\"unterminated")) {
            Map<String, String> headers = validHeaders();
            headers.put("ce-id", bad);

            assertThatThrownBy(() -> HttpBinding.fromBinary(EventCodec.forClients(1024), headers, USER))
                    .as(bad)
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("id"));
        }
    }

    @Test
    void extensionsFromHeadersFollowTheNameRules() {
        Map<String, String> good = validHeaders();
        good.put("ce-traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        Map<String, String> bad = validHeaders();
        bad.put("ce-my_ext", "x");

        assertThat(HttpBinding.fromBinary(EventCodec.forClients(1024), good, USER).id()).isEqualTo("evt-1");
        assertThatThrownBy(() -> HttpBinding.fromBinary(EventCodec.forClients(1024), bad, USER))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("my_ext"));
    }

    @Test
    void datacontenttypeHeaderIsRefusedInBinaryMode() {
        Map<String, String> headers = validHeaders();
        headers.put("ce-datacontenttype", "application/json");

        assertThatThrownBy(() -> HttpBinding.fromBinary(EventCodec.forClients(1024), headers, USER))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("datacontenttype"));
    }

    @Test
    void theBodyIsTheDataAndMustBeStrictJson() {
        ObjectNode structured = HttpBinding.toStructured(validHeaders(), USER);
        assertThat(structured.get("data").get("name").asText()).isEqualTo("Ada");
        assertThat(structured.get("datacontenttype").asText()).isEqualTo("application/json");

        byte[] duplicate = "{\"name\":\"Ada\",\"name\":\"Bob\",\"email\":\"a@example.com\",\"roles\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HttpBinding.toStructured(validHeaders(), duplicate))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("data.name"));
    }

    @Test
    void missingHeadersAreReportedByTheCodec() {
        assertThatThrownBy(() -> HttpBinding.fromBinary(Map.of("content-type", "application/json"), USER))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).contains("specversion", "id", "source", "type", "subject", "orgid"));
    }

    @Test
    void bothBindingsSpellTheSameAttributes() {
        Map<String, String> http = new LinkedHashMap<>(HttpBinding.headers(unicode));
        List<String> kafka = new java.util.ArrayList<>();
        KafkaBinding.headers(unicode).forEach(h -> kafka.add(h.key()));

        assertThat(http.keySet()).containsExactlyInAnyOrderElementsOf(
                kafka.stream().map(k -> k.replace(KafkaBinding.PREFIX, HttpBinding.PREFIX)).toList());
    }
}
