package dev.eventfold.runtime.http;

import dev.eventfold.model.ValidationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the runtime's exceptions into {@code application/problem+json} answers for every REST resource. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return Problem.invalid(e).toResponse();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }
}
