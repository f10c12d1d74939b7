package dev.eventfold.ingest.api;

import dev.eventfold.ingest.domain.ClientAddress;
import dev.eventfold.ingest.domain.PageViews;
import dev.eventfold.ingest.publish.PixelBuffer;
import dev.eventfold.ingest.publish.PixelHit;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /p/{pageId}/pixel.gif}, the tracking pixel in emailed pages: answers a 1×1 GIF at once (no API key, no
 * I/O on the request path) and hands the hit to the {@link PixelBuffer}, which records the page-viewed event later.
 */
@Path("/p/{pageId}/pixel.gif")
public class PixelResource {

    public static final String VISITOR_COOKIE = "ef_vid";
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private final PixelBuffer buffer;
    private final ClientAddress clientAddress;
    private final Counter unknownPage;

    public PixelResource(PixelBuffer buffer, MeterRegistry registry,
                         @ConfigProperty(name = "eventfold.ingest.trusted-proxies") Optional<String> trustedProxies) {
        this.buffer = buffer;
        this.clientAddress = ClientAddress.trusting(trustedProxies.orElse(""));
        this.unknownPage = registry.counter("eventfold.ingest.pixel.unknown_page");
    }

    @GET
    @NonBlocking
    @Produces("image/gif")
    public Response pixel(@PathParam("pageId") String pageId, @QueryParam("v") String visitorParam,
                          @CookieParam(VISITOR_COOKIE) String visitorCookie, @Context HttpServerRequest request) {
        String visitorId = PageViews.validVisitorId(visitorCookie) ? visitorCookie
                : PageViews.validVisitorId(visitorParam) ? visitorParam : UUID.randomUUID().toString();
        if (PageViews.validPageId(pageId)) {
            String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            String ip = clientAddress.resolve(peer, request.headers().getAll("X-Forwarded-For"));
            buffer.offer(new PixelHit(pageId, ip, request.getHeader("User-Agent"), request.getHeader("Referer"),
                    visitorId, Instant.now()));
        } else {
            unknownPage.increment();
        }
        Response.ResponseBuilder gif = Response.ok(GIF, "image/gif")
                .header("Cache-Control", "no-cache, no-store, must-revalidate, private, max-age=0")
                .header("Pragma", "no-cache")
                .header("Expires", "0");
        if (!visitorId.equals(visitorCookie)) {
            gif.cookie(new NewCookie.Builder(VISITOR_COOKIE).value(visitorId).path("/").maxAge(ONE_YEAR)
                    .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build());
        }
        return gif.build();
    }
}
