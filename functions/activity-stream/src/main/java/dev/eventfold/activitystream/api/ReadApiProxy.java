package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code /dashboard/api/…}: the dashboard's numbers, fetched server-side from campaign-aggregator's and
 * user-aggregator's read APIs with the caller's own API key and returned unchanged (status, body and
 * problem+json alike), so that the browser talks to one origin and shows exactly what those APIs answer. The
 * aggregators authenticate the key and scope the answer to its organization; this proxy adds no data of its own.
 */
@Path("/dashboard/api")
public class ReadApiProxy {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    ActivityConfig config;

    @GET
    @Path("/campaigns/{id}")
    public Uni<Response> campaign(@PathParam("id") String id, @HeaderParam(ApiKeys.HEADER) String key,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward(config.readApis().campaignAggregator(), "/campaigns/" + segment(id), null, key, authorization);
    }

    @GET
    @Path("/campaigns/{id}/timeseries")
    public Uni<Response> timeseries(@PathParam("id") String id, @QueryParam("bucket") String bucket,
                                    @HeaderParam(ApiKeys.HEADER) String key,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward(config.readApis().campaignAggregator(), "/campaigns/" + segment(id) + "/timeseries",
                query("bucket", bucket), key, authorization);
    }

    @GET
    @Path("/campaigns/{id}/geo")
    public Uni<Response> geo(@PathParam("id") String id, @QueryParam("level") String level,
                             @HeaderParam(ApiKeys.HEADER) String key,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward(config.readApis().campaignAggregator(), "/campaigns/" + segment(id) + "/geo",
                query("level", level), key, authorization);
    }

    @GET
    @Path("/users")
    public Uni<Response> users(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
                               @HeaderParam(ApiKeys.HEADER) String key,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward(config.readApis().userAggregator(), "/users", query("cursor", cursor, "limit", limit), key,
                authorization);
    }

    private Uni<Response> forward(Optional<URI> base, String path, String query, String key, String authorization) {
        String apiKey = ApiKeys.fromHeaders(key, authorization);
        if (apiKey == null) {
            return Uni.createFrom().item(Problem.of(401, "Unauthorized",
                    "Send the API key in X-Api-Key or Authorization: Bearer.").toResponse());
        }
        if (base.isEmpty()) {
            return Uni.createFrom().item(Problem.of(503, "Service Unavailable",
                    "This read API is not configured (eventfold.activity.read-apis.*).").toResponse());
        }
        String root = base.get().toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + path + (query == null ? "" : "?" + query)))
                .timeout(config.readApis().timeout())
                .header(ApiKeys.HEADER, apiKey)
                .header("Accept", "application/json")
                .GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(answer -> Response.status(answer.statusCode())
                        .type(answer.headers().firstValue("Content-Type").orElse("application/json"))
                        .header("Cache-Control", "no-store")
                        .entity(answer.body()).build())
                .onFailure().recoverWithItem(f -> Problem.of(502, "Bad Gateway",
                        "The read API did not answer: " + f.getClass().getSimpleName()).toResponse());
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String... pairs) {
        StringJoiner joined = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                joined.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return joined.length() == 0 ? null : joined.toString();
    }
}
