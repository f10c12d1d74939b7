package dev.eventfold.ingest.api;

import dev.eventfold.model.Violation;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 {@code application/problem+json} answers; {@code violations} lists every invalid field. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response of(int status, String title, String detail) {
        return of(status, title, detail, List.of());
    }

    public static Response of(int status, String title, String detail, List<Violation> violations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!violations.isEmpty()) {
            body.put("violations", violations.stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
