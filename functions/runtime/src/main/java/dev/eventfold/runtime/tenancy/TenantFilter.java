package dev.eventfold.runtime.tenancy;

import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@link TenantScoped} read-API requests: the API key's peppered hash must be in this function's
 * {@code api_keys} table (folded from {@code API_KEY_ISSUED} events); else 401 with a problem body.
 */
public class TenantFilter {

    @Inject
    Tenant tenant;
    @Inject
    Instance<Pool> pool;
    @Inject
    ApiKeyStore apiKeys;
    @Inject
    RuntimeConfig config;

    @TenantScoped
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String key = ApiKeys.fromHeaders(request.getHeaderString(ApiKeys.HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return Uni.createFrom().item(unauthorized("Send the API key in X-Api-Key or Authorization: Bearer."));
        }
        Tenant current = ClientProxy.unwrap(tenant);
        return apiKeys.orgOf(pool.get(), ApiKeys.hash(config.apiKeyPepper(), key)).map(org -> {
            if (org.isEmpty()) {
                return unauthorized("Unknown API key.");
            }
            current.set(org.get());
            return null;
        });
    }

    private static Response unauthorized(String detail) {
        return Problem.of(401, "Unauthorized", detail).toResponse();
    }
}
