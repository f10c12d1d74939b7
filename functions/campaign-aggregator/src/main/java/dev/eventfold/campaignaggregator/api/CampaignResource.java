package dev.eventfold.campaignaggregator.api;

import dev.eventfold.campaignaggregator.store.CampaignQueries.PageSort;
import dev.eventfold.campaignaggregator.store.CampaignQueries;
import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;

/**
 * The read API over the projection, tenant-scoped by the caller's API key: a campaign of another organization
 * is answered 404 exactly like one that does not exist.
 */
@Path("/campaigns/{id}")
@TenantScoped
@SecurityRequirement(name = "api-key")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    static final int MAX_LIMIT = 500;

    @Inject
    Tenant tenant;

    @Inject
    CampaignQueries queries;

    @GET
    public Uni<CampaignView> campaign(@PathParam("id") String id) {
        return queries.campaign(tenant.orgId(), id).map(found -> CampaignView.of(found.orElseThrow(() -> notFound(id))));
    }

    @GET
    @Path("/pages")
    public Uni<PageList> pages(@PathParam("id") String id, @QueryParam("sort") @DefaultValue("views") String sort,
                               @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        PageSort order = switch (sort) {
            case "views" -> PageSort.VIEWS;
            case "last_view" -> PageSort.LAST_VIEW;
            default -> throw invalid("sort", "must be views or last_view");
        };
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", "must be 1 to " + MAX_LIMIT);
        }
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor, sort);
        String org = tenant.orgId();
        return existing(org, id).chain(() -> queries.pages(org, id, order,
                        after == null ? null : after.key(), after == null ? null : after.pageId(), limit + 1))
                .map(rows -> PageList.of(rows, limit, sort));
    }

    @GET
    @Path("/timeseries")
    public Uni<List<CampaignQueries.Bucket>> timeseries(@PathParam("id") String id,
                                                        @QueryParam("bucket") @DefaultValue("hour") String bucket) {
        if (!bucket.equals("hour") && !bucket.equals("day")) {
            throw invalid("bucket", "must be hour or day");
        }
        String org = tenant.orgId();
        return existing(org, id).chain(() -> queries.timeseries(org, id, bucket));
    }

    @GET
    @Path("/geo")
    public Uni<List<GeoCount>> geo(@PathParam("id") String id, @QueryParam("level") @DefaultValue("country") String level) {
        if (!level.equals("country") && !level.equals("city")) {
            throw invalid("level", "must be country or city");
        }
        String org = tenant.orgId();
        return existing(org, id).chain(() -> queries.geo(org, id, level.equals("city")))
                .map(places -> places.stream().map(GeoCount::of).toList());
    }

    private Uni<Void> existing(String org, String id) {
        return queries.campaign(org, id).invoke(found -> found.orElseThrow(() -> notFound(id))).replaceWithVoid();
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Not Found", "No campaign " + id + ".");
    }

    static ProblemException invalid(String parameter, String message) {
        return new ProblemException(400, "Bad Request", parameter + " " + message + ".");
    }
}
