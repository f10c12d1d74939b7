package dev.eventfold.ingest.api;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.model.Json;
import dev.eventfold.model.Violation;
import dev.eventfold.runtime.http.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * ingest's refusals made before or outside its JAX-RS resources, as {@code application/problem+json} too: a body
 * whose {@code Content-Length} is over {@code eventfold.ingest.max-body-bytes} is answered 413 before anything of
 * it is buffered (ahead of Quarkus's own limit, which would answer a bare 413), and any other 4xx failure of a
 * Vert.x route gets a problem body instead of an empty one.
 */
@ApplicationScoped
public class HttpProblems {

    private static final Logger LOG = Logger.getLogger(HttpProblems.class);

    private final long maxBodyBytes;
    private final MeterRegistry registry;

    public HttpProblems(IngestConfig config, MeterRegistry registry) {
        this.maxBodyBytes = config.maxBodyBytes();
        this.registry = registry;
    }

    /** A problem whose {@code errors} name the one field at fault ({@code ""}: the body itself). */
    static Problem of(int status, String title, String detail, String field) {
        return new Problem("about:blank", title, status, detail, List.of(new Violation(field, detail)));
    }

    static Problem tooLarge(long size, long max) {
        return of(413, "Request too large", "The body is " + size + " bytes, more than the limit of " + max + ".", "");
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::limitBody);
        router.route().failureHandler(this::failure);
    }

    void limitBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long size;
        try {
            size = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size <= maxBodyBytes) {
            ctx.next();
            return;
        }
        registry.counter("eventfold.ingest.requests.rejected", "status", "413").increment();
        // The rest of the body is not read: close the connection once the answer is out, as Quarkus's limit does.
        ctx.response().putHeader("Connection", "close");
        ctx.response().endHandler(v -> ctx.request().connection().close());
        send(ctx, tooLarge(size, maxBodyBytes));
    }

    void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().headWritten() || status < 400 || status >= 500) {
            ctx.next();
            return;
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        send(ctx, Problem.of(status, reason, ctx.failure() == null ? reason + "." : ctx.failure().getMessage()));
    }

    private static void send(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.MAPPER.writeValueAsString(problem));
        } catch (Exception e) {
            LOG.warn("could not write a problem answer", e);
            ctx.response().setStatusCode(problem.status()).end();
        }
    }
}
