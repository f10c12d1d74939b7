package dev.eventfold.useraggregator.api;

import dev.eventfold.model.payload.UserState;
import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.User;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.UserStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;

/**
 * The read API of the user projection, scoped to the caller's organization (API key): a user, the users page by
 * page, and a user's login and failed-login history newest first. It reads the active schema version, so a
 * replay's switch-over is seen by the next request; another organization's user is a 404.
 */
@Path("/users")
@TenantScoped
@SecurityRequirement(name = "api-key")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    Tenant tenant;

    @Inject
    Pool pool;

    @GET
    @Path("/{id}")
    public Uni<UserState> user(@PathParam("id") String id) {
        String org = tenant.orgId();
        return store().chain(store -> store.find(pool, org, id))
                .map(user -> user.orElseThrow(() -> notFound(id)).toState());
    }

    @GET
    public Uni<Page<UserState>> users(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        String org = tenant.orgId();
        int size = Cursors.limit(limit);
        String after = Cursors.decode(cursor);
        return store().chain(store -> store.page(pool, org, after, size + 1)).map(users -> {
            List<User> page = users.subList(0, Math.min(size, users.size()));
            String next = users.size() > size ? Cursors.encode(page.get(page.size() - 1).id()) : null;
            return new Page<>(page.stream().map(User::toState).toList(), next);
        });
    }

    @GET
    @Path("/{id}/logins")
    public Uni<Page<LoginView>> logins(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                       @QueryParam("limit") Integer limit) {
        return history(id, false, cursor, limit);
    }

    @GET
    @Path("/{id}/failed-logins")
    public Uni<Page<LoginView>> failedLogins(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                             @QueryParam("limit") Integer limit) {
        return history(id, true, cursor, limit);
    }

    private Uni<Page<LoginView>> history(String id, boolean failed, String cursor, Integer limit) {
        String org = tenant.orgId();
        int size = Cursors.limit(limit);
        Cursors.HistoryKey before = Cursors.HistoryKey.decode(cursor);
        return store().chain(store -> store.find(pool, org, id).chain(user -> {
            if (user.isEmpty()) {
                throw notFound(id);
            }
            return store.history(pool, org, id, failed, before == null ? null : before.at(),
                    before == null ? null : before.eventId(), size + 1);
        })).map(entries -> {
            List<Login> page = entries.subList(0, Math.min(size, entries.size()));
            Login last = page.isEmpty() ? null : page.get(page.size() - 1);
            String next = entries.size() > size ? new Cursors.HistoryKey(last.at(), last.eventId()).encode() : null;
            return new Page<>(page.stream().map(LoginView::of).toList(), next);
        });
    }

    private Uni<UserStore> store() {
        return ActiveVersion.current(pool).map(UserStore::new);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Not Found", "no user " + id);
    }
}
