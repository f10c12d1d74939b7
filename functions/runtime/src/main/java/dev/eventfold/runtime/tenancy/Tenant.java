package dev.eventfold.runtime.tenancy;

import jakarta.enterprise.context.RequestScoped;

/** The organization of the current read-API request, set by {@link TenantFilter} from the caller's API key. */
@RequestScoped
public class Tenant {

    private String orgId;

    /** The caller's organization id; only inside a {@link TenantScoped} resource. */
    public String orgId() {
        if (orgId == null) {
            throw new IllegalStateException("no tenant: the resource is not annotated @TenantScoped");
        }
        return orgId;
    }

    void set(String orgId) {
        this.orgId = orgId;
    }
}
