package dev.eventfold.ingest.api;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.ingest.domain.ClientAddress;
import dev.eventfold.ingest.domain.PageViews;
import dev.eventfold.ingest.domain.PixelSigner;
import dev.eventfold.ingest.publish.PixelBuffer;
import dev.eventfold.ingest.publish.PixelHit;
import dev.eventfold.ingest.publish.PixelSigning;
import dev.eventfold.runtime.observe.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /p/{pageId}/pixel.gif?r={recipient}&s={signature}}, the tracking pixel in emailed pages: answers a 1×1
 * GIF at once (no API key, no I/O on the request path) and hands the hit to the {@link PixelBuffer}, which checks
 * the URL's signature against the page's organization and records the page-viewed event later. A hit without a
 * signature gets the GIF too, but is not counted. The visitor id comes only from the signed cookie ingest set.
 */
@Path("/p/{pageId}/pixel.gif")
public class PixelResource {

    public static final String VISITOR_COOKIE = "ef_vid";
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final int ONE_YEAR = 365 * 24 * 3600;
    /** The W3C Trace Context request header: the caller's trace, which a recorded event joins. */
    static final String TRACEPARENT = "traceparent";

    private final PixelBuffer buffer;
    private final Optional<PixelSigner> signer;
    private final ClientAddress clientAddress;
    private final Counter unknownPage;
    private final EventTracing tracing;

    public PixelResource(PixelBuffer buffer, PixelSigning signing, MeterRegistry registry, EventTracing tracing,
                         IngestConfig config) {
        Optional<String> trustedProxies = config.trustedProxies();
        this.buffer = buffer;
        this.tracing = tracing;
        this.signer = signing.signer();
        this.clientAddress = ClientAddress.trusting(trustedProxies.orElse(""));
        this.unknownPage = registry.counter("eventfold.ingest.pixel.unknown_page");
    }

    @GET
    @NonBlocking
    @Produces("image/gif")
    public Response pixel(@PathParam("pageId") String pageId, @QueryParam("r") String recipient,
                          @QueryParam("s") String signature, @CookieParam(VISITOR_COOKIE) String visitorCookie,
                          @Context HttpServerRequest request) {
        Optional<String> returning = signer.flatMap(s -> s.visitorId(visitorCookie));
        String cookie = returning.isPresent() ? visitorCookie
                : signer.map(PixelSigner::newVisitorCookie).orElse(UUID.randomUUID().toString());
        String visitorId = returning.orElseGet(() -> cookie.substring(0, Math.max(cookie.lastIndexOf('.'), 0)));
        if (!PageViews.validPageId(pageId)) {
            unknownPage.increment();
        } else if (recipient == null || signature == null || recipient.length() > 256 || signature.length() > 64) {
            buffer.unsigned();
        } else {
            String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            String ip = clientAddress.resolve(peer, request.headers().getAll("X-Forwarded-For"));
            buffer.offer(new PixelHit(pageId, recipient, signature, ip, request.getHeader("User-Agent"),
                    request.getHeader("Referer"), visitorId, Instant.now(),
                    tracing.recordingTrace(request.getHeader(TRACEPARENT))));
        }
        Response.ResponseBuilder gif = Response.ok(GIF, "image/gif")
                .header("Cache-Control", "no-cache, no-store, must-revalidate, private, max-age=0")
                .header("Pragma", "no-cache")
                .header("Expires", "0");
        if (returning.isEmpty()) {
            gif.cookie(new NewCookie.Builder(VISITOR_COOKIE).value(cookie).path("/").maxAge(ONE_YEAR)
                    .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build());
        }
        return gif.build();
    }
}
