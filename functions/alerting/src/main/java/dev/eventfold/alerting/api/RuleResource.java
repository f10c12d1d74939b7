package dev.eventfold.alerting.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.alerting.domain.RuleSpec;
import dev.eventfold.alerting.store.RuleEntity;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.http.ProblemException;
import dev.eventfold.runtime.tenancy.Tenant;
import dev.eventfold.runtime.tenancy.TenantScoped;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * The rules of the caller's organization (API key): create, list, get, update, disable and enable. A rule is
 * checked to the letter ({@link RuleSpec}); a bad one is a 400 problem listing every field at fault, another
 * organization's rule a 404. Changes apply to events processed after they commit.
 */
@Path("/rules")
@TenantScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RuleResource {

    @Inject
    Tenant tenant;

    @POST
    @WithTransaction
    public Uni<Response> create(String body) {
        String org = tenant.orgId();
        RuleSpec spec = parse(body);
        Instant now = Instant.now();
        RuleEntity rule = new RuleEntity();
        rule.id = UUID.randomUUID().toString();
        rule.orgId = org;
        rule.enabled = true;
        rule.createdAt = now;
        rule.apply(spec, now);
        return rule.persist().map(saved -> Response.created(URI.create("/rules/" + rule.id))
                .entity(RuleView.of(rule)).build());
    }

    @GET
    @WithSession
    public Uni<RuleList> list() {
        String org = tenant.orgId();
        return RuleEntity.<RuleEntity>list("orgId = ?1 order by createdAt, id", org)
                .map(rules -> new RuleList(rules.stream().map(RuleView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<RuleView> get(@PathParam("id") String id) {
        return find(tenant.orgId(), id).map(RuleView::of);
    }

    @PUT
    @Path("/{id}")
    @WithTransaction
    public Uni<RuleView> update(@PathParam("id") String id, String body) {
        String org = tenant.orgId();
        RuleSpec spec = parse(body);
        return find(org, id).map(rule -> {
            if (!rule.kind.equals(spec.kind().id())) {
                throw invalid(new ValidationException("kind", "cannot change (was " + rule.kind
                        + "): create a new rule instead"));
            }
            return RuleView.of(rule.apply(spec, Instant.now()));
        });
    }

    @POST
    @Path("/{id}/disable")
    @WithTransaction
    public Uni<RuleView> disable(@PathParam("id") String id) {
        return setEnabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    @WithTransaction
    public Uni<RuleView> enable(@PathParam("id") String id) {
        return setEnabled(id, true);
    }

    private Uni<RuleView> setEnabled(String id, boolean enabled) {
        return find(tenant.orgId(), id).map(rule -> {
            rule.enabled = enabled;
            rule.updatedAt = Instant.now();
            return RuleView.of(rule);
        });
    }

    private static Uni<RuleEntity> find(String org, String id) {
        return RuleEntity.<RuleEntity>find("id = ?1 and orgId = ?2", id, org).firstResult().map(rule -> {
            if (rule == null) {
                throw new ProblemException(404, "Not Found", "No rule " + id + " in this organization.");
            }
            return rule;
        });
    }

    private static RuleSpec parse(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid(new ValidationException("body", "is not JSON: " + e.getOriginalMessage()));
        }
        try {
            return RuleSpec.parse(json);
        } catch (ValidationException e) {
            throw invalid(e);
        }
    }

    private static ProblemException invalid(ValidationException e) {
        return new ProblemException(new Problem("https://eventfold.dev/problems/invalid-rule", "Invalid rule", 400,
                e.violations().size() + " problem(s) found", e.violations()));
    }
}
