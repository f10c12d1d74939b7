package dev.eventfold.ingest.api;

import dev.eventfold.ingest.domain.ApiKeyFormat;
import dev.eventfold.ingest.domain.KeyHash;
import dev.eventfold.ingest.store.OrganizationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Maps the API key of a request to its one organization, or stops the request with a 401 problem. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    static final String API_KEY_HEADER = "X-Api-Key";

    private final OrganizationStore organizations;
    private final String pepper;

    public ApiKeyAuthenticator(OrganizationStore organizations,
                               @ConfigProperty(name = "eventfold.api-key.pepper") String pepper) {
        this.organizations = organizations;
        this.pepper = pepper;
    }

    /** The organization id of the request's key. */
    public String organization(HttpHeaders headers) {
        String key = ApiKeyFormat.presented(headers.getHeaderString(API_KEY_HEADER),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            throw unauthorized("Send your API key in the X-Api-Key header (or Authorization: Bearer <key>).");
        }
        return organizations.organizationOf(hash(key))
                .orElseThrow(() -> unauthorized("The API key is not known."));
    }

    public String hash(String key) {
        return KeyHash.hash(pepper, key);
    }

    private static WebApplicationException unauthorized(String detail) {
        return new WebApplicationException(Problems.of(401, "API key required", detail));
    }
}
