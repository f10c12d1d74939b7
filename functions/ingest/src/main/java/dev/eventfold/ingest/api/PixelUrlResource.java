package dev.eventfold.ingest.api;

import dev.eventfold.ingest.domain.PageViews;
import dev.eventfold.ingest.publish.PixelSigning;
import dev.eventfold.ingest.store.PageDirectory;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /pages/{pageId}/pixel-url?recipient=…} (API key): the signed tracking-pixel URL of one of the caller's
 * pages for one recipient, to embed when the page is sent. Only hits on such URLs are counted as views.
 */
@Path("/pages/{pageId}/pixel-url")
public class PixelUrlResource {

    private final Tenant tenant;
    private final PageDirectory pages;
    private final PixelSigning signing;

    public PixelUrlResource(Tenant tenant, PageDirectory pages, PixelSigning signing) {
        this.tenant = tenant;
        this.pages = pages;
        this.signing = signing;
    }

    @GET
    @TenantScoped
    @Produces(MediaType.APPLICATION_JSON)
    public Response url(@PathParam("pageId") String pageId, @QueryParam("recipient") String recipient) {
        if (recipient == null || recipient.isBlank() || recipient.length() > 256
                || recipient.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(List.of(new Violation("query.recipient", "is required: 1 to 256 printable characters")));
        }
        String orgId = tenant.orgId();
        if (!PageViews.validPageId(pageId) || !pages.ownerOf(pageId).map(orgId::equals).orElse(false)) {
            return Problem.of(404, "Not Found", "No page " + pageId + " of this organization (send its page.created first).")
                    .toResponse();
        }
        if (signing.signer().isEmpty()) {
            return Problem.of(503, "Pixel signing not configured", "Set eventfold.ingest.pixel.signing-key.").toResponse();
        }
        return Response.ok(Map.of("pageId", pageId, "recipient", recipient,
                "url", signing.signer().get().pixelPath(orgId, pageId, recipient))).build();
    }
}
