package dev.eventfold.integrations.domain;

import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserState;

import java.time.Instant;
import java.util.List;

/** Inputs the translator tests share: a user's state and an attributed page view, as our derived events carry them. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

    private Samples() {
    }

    public static ContactChanged contact(String id, String email, String name) {
        return new ContactChanged("evt-" + id, "org-1", T0, new UserState(id, "org-1", name, email, List.of("admin", "buyer"),
                Instant.parse("2026-01-02T03:04:05Z"), T0, 3, 1, Instant.parse("2026-02-28T09:00:00Z"), "203.0.113.9"));
    }

    public static PageVisited visit(String eventId, String pageId, String email) {
        PageViewEnriched view = new PageViewEnriched(pageId, "198.51.100.7", "Mozilla/5.0", "https://mail.example/",
                "v-42", T0.toString(), "known", null, "FR", "France", "Île-de-France", "Paris", "75001", 48.85, 2.35,
                "Europe/Paris", null, null, null, null, null, null);
        return new PageVisited(eventId, "org-1", T0, pageId, view,
                email == null ? null : new PageVisited.Recipient(email, "Ada Lovelace"));
    }

    public static List<Item> items(Translator translator, DestinationSpec spec, IntegrationEvent... events) {
        return java.util.Arrays.stream(events)
                .map(e -> new Item(e.eventId(), translator.translate(e, spec).orElseThrow()))
                .toList();
    }

    public static ApiResponse answer(int status, String body, String... headers) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        return new ApiResponse(status, map, body, T0, null);
    }

    public static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return Bodies.read(text);
    }
}
