package dev.eventfold.runtime.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem body ({@code application/problem+json}), with every invalid field in {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    /** 400 listing every violation of an event or request that can never be accepted. */
    public static Problem invalid(ValidationException e) {
        return new Problem("https://eventfold.dev/problems/invalid-event", "Invalid event", 400,
                e.violations().size() + " problem(s) found", e.violations());
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
