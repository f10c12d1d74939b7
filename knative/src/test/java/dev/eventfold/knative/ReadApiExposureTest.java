package dev.eventfold.knative;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From outside the cluster, only ingest's Service and the read APIs' routes can be reached, and no route reaches a
 * function's Funqy endpoint (POST /, which takes the tenant from ce-orgid, or POST /&lt;function&gt;): the event-fed
 * Services are cluster-local, and each read-API route lets only GET and HEAD on the read paths through.
 */
class ReadApiExposureTest {

    private static final Map<String, String> READ_PATHS = Map.of(
            "user-aggregator", "/users/u1/logins",
            "campaign-aggregator", "/campaigns/c1/pages",
            "activity-stream", "/dashboard/api/campaigns/c1");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void noRouteReachesTheFunqyEndpointAndEachReadApiIsReachable(String overlay) {
        List<Manifest> manifests = render(overlay);
        Map<String, HTTPRoute> routes = new TreeMap<>();
        manifests.stream().filter(m -> m.kind().equals("HTTPRoute"))
                .forEach(m -> routes.put(m.name(), ManifestReader.typed(m, HTTPRoute.class)));

        assertThat(routes).containsOnlyKeys("user-aggregator-read-api", "campaign-aggregator-read-api",
                "activity-stream-read-api");
        routes.forEach((name, route) -> {
            String function = name.substring(0, name.length() - "-read-api".length());
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "GET")) {
                for (String path : List.of("/", "/" + function, "/q/health/ready", "/q/metrics")) {
                    assertThat(RouteMatcher.routes(route, method, path)).as(name + " " + method + " " + path).isFalse();
                }
            }
            String readPath = READ_PATHS.get(function);
            assertThat(RouteMatcher.routes(route, "POST", readPath)).as(name + " POST " + readPath).isFalse();
            assertThat(RouteMatcher.routes(route, "GET", readPath)).as(name + " GET " + readPath).isTrue();
            assertThat(RouteMatcher.routes(route, "GET", readPath.substring(0, readPath.indexOf('/', 1)) + "x"))
                    .as(name + ": a prefix matches whole path elements").isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void onlyIngestIsPublicEveryEventFedServiceIsClusterLocal(String dir) {
        Map<String, String> visibility = new TreeMap<>();
        render(dir).stream().filter(m -> m.kind().equals("Service")).forEach(m -> {
            Service service = ManifestReader.typed(m, Service.class);
            Map<String, String> labels = service.getMetadata().getLabels();
            visibility.put(m.name(), labels.getOrDefault(ManifestValidator.VISIBILITY, "public"));
        });

        assertThat(visibility).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ingest", "public",
                "user-aggregator", "cluster-local",
                "geo-enricher", "cluster-local",
                "campaign-aggregator", "cluster-local",
                "alerting", "cluster-local",
                "webhooks", "cluster-local",
                "integrations", "cluster-local",
                "activity-stream", "cluster-local"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void eachRouteRewritesToItsServicesClusterLocalNameInTheOverlaysNamespace(String overlay) {
        render(overlay).stream().filter(m -> m.kind().equals("HTTPRoute")).forEach(m -> {
            HTTPRoute route = ManifestReader.typed(m, HTTPRoute.class);
            String function = m.name().substring(0, m.name().length() - "-read-api".length());
            String namespace = route.getMetadata().getNamespace();
            assertThat(route.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getFilters())
                    .anySatisfy(f -> assertThat(f.getUrlRewrite().getHostname())
                            .isEqualTo(function + "." + namespace + ".svc.cluster.local")));
        });
    }

    private static List<Manifest> render(String dir) {
        return new KustomizeRenderer(Paths.knative()).render(Paths.knative().resolve(dir)).manifests();
    }
}
