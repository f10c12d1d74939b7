package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.domain.ActivityToken;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code POST /activity/tokens} with the organization's API key (the read APIs' tenancy): a short-lived signed
 * token that opens {@link ActivitySocket} for that organization, so that the key itself stays out of URLs.
 */
@Path("/activity/tokens")
@TenantScoped
@SecurityRequirement(name = "api-key")
public class TokenResource {

    @Inject
    Tenant tenant;
    @Inject
    ActivityToken tokens;
    @Inject
    Clock clock;

    public record TokenView(String token, Instant expiresAt, String organizationId, String path) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue() {
        ActivityToken.Issued issued = tokens.issue(tenant.orgId(), clock.instant());
        return Response.status(201).header("Cache-Control", "no-store")
                .entity(new TokenView(issued.token(), issued.expiresAt(), tenant.orgId(), ActivitySocket.PATH)).build();
    }
}
