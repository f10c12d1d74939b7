package dev.eventfold.runtime.testapp;

import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The test function's read API: answers the caller's organization, or a problem. */
@Path("/whoami")
public class WhoAmIResource {

    @Inject
    Tenant tenant;

    @GET
    @TenantScoped
    public String whoami() {
        return tenant.orgId();
    }

    @GET
    @Path("/invalid")
    public String invalid() {
        throw new ValidationException("query.page", "must be a positive number");
    }
}
