package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each overlay renders (every reference resolves), passes every check, and changes what it says it changes. */
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersAndPassesEveryCheck(String overlay) {
        KustomizeRenderer.Rendering rendering = render(overlay);

        assertThat(rendering.problems()).as("kustomization references of overlays/" + overlay).isEmpty();
        List<Problem> problems = new ManifestValidator(Paths.functions()).validate(rendering.manifests());
        assertThat(problems).as("problems in overlays/" + overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayPutsEveryResourceInItsNamespaceAndTagsEveryImage(String overlay) {
        List<Manifest> manifests = render(overlay).manifests();
        String namespace = overlay.equals("prod") ? "eventfold" : "eventfold-dev";
        String tag = overlay.equals("prod") ? "0.1.0" : "dev";

        assertThat(manifests).allSatisfy(m ->
                assertThat(m.raw().path("metadata").path("namespace").asText()).as(m.toString()).isEqualTo(namespace));
        assertThat(manifests).filteredOn(m -> m.kind().equals("Service")).hasSize(8).allSatisfy(m ->
                assertThat(container(m).path("image").asText())
                        .isEqualTo("registry.invalid/eventfold/" + m.name() + ":" + tag));
    }

    /**
     * An image without a registry host ("eventfold/ingest") is pulled from the container runtime's default
     * registry, where anyone may publish that name: every image of an overlay names its registry.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageOfAnOverlayNamesItsRegistry(String overlay) {
        List<String> images = new java.util.ArrayList<>();
        render(overlay).manifests().forEach(m -> m.raw().findValues("containers").forEach(list ->
                list.forEach(c -> images.add(m + " " + c.path("image").asText()))));

        assertThat(images).hasSize(9).allSatisfy(image -> {
            String reference = image.substring(image.lastIndexOf(' ') + 1);
            String first = reference.substring(0, Math.max(reference.indexOf('/'), 0));
            assertThat(first).as(image).matches("localhost|.*[.:].*");
        });
    }

    @Test
    void devRunsOnOneBrokerAndSmallScale() {
        List<Manifest> manifests = render("dev").manifests();

        assertThat(manifests).filteredOn(m -> m.kind().equals("KafkaTopic")).hasSize(7).allSatisfy(m -> {
            assertThat(m.raw().path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(m.raw().path("spec").path("config").path("min.insync.replicas").asText()).isEqualTo("1");
        });
        assertThat(manifests).filteredOn(m -> m.kind().equals("Service")).allSatisfy(m -> {
            assertThat(annotation(m, "autoscaling.knative.dev/max-scale")).isEqualTo("2");
            // activity-stream's push side keeps a warm pod everywhere (base/activity-stream/100-service.yaml)
            assertThat(annotation(m, "autoscaling.knative.dev/min-scale")).as(m.name())
                    .isEqualTo(m.name().equals("activity-stream") ? "1" : "0");
        });
        assertThat(manifests).filteredOn(m -> m.kind().equals("KafkaSource") || m.kind().equals("KafkaSink"))
                .allSatisfy(m -> assertThat(m.raw().path("spec").path("bootstrapServers").get(0).asText())
                        .isEqualTo("eventfold-kafka-bootstrap.kafka-dev:9092"));
    }

    @Test
    void prodKeepsIngestWarmAndLetsAggregatorsScaleToZero() {
        List<Manifest> manifests = render("prod").manifests();

        assertThat(manifests).filteredOn(m -> m.kind().equals("Service")).allSatisfy(m -> {
            String expectedMin = m.name().equals("ingest") || m.name().equals("activity-stream") ? "1" : "0";
            assertThat(annotation(m, "autoscaling.knative.dev/min-scale")).as(m.name()).isEqualTo(expectedMin);
        });
        // The aggregators keep the base's max-scale, the most their ordered sources can reach (the checks compute
        // it), and wait longer before scaling down.
        assertThat(manifests).filteredOn(m -> m.kind().equals("Service") && m.name().endsWith("-aggregator"))
                .hasSize(2)
                .allSatisfy(m -> {
                    assertThat(annotation(m, "autoscaling.knative.dev/max-scale")).isEqualTo("2");
                    assertThat(annotation(m, "autoscaling.knative.dev/scale-down-delay")).isEqualTo("5m");
                });
        assertThat(manifests).filteredOn(m -> m.kind().equals("Service") && m.name().equals("ingest"))
                .singleElement()
                .satisfies(m -> assertThat(annotation(m, "autoscaling.knative.dev/max-scale")).isEqualTo("20"));
        assertThat(manifests).filteredOn(m -> m.kind().equals("KafkaTopic"))
                .allSatisfy(m -> assertThat(m.raw().path("spec").path("replicas").asInt()).isEqualTo(3));
        Manifest ingest = manifests.stream().filter(m -> m.kind().equals("Service") && m.name().equals("ingest"))
                .findFirst().orElseThrow();
        assertThat(container(ingest).at("/resources/limits/memory").asText()).isEqualTo("384Mi");
        assertThat(container(ingest).at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        Manifest campaignConfig = manifests.stream()
                .filter(m -> m.kind().equals("ConfigMap") && m.name().equals("campaign-aggregator-config"))
                .findFirst().orElseThrow();
        assertThat(campaignConfig.raw().path("data").path("EVENTFOLD_CAMPAIGN_STATS_INTERVAL").asText()).isEqualTo("5s");
        Manifest shared = manifests.stream()
                .filter(m -> m.kind().equals("ConfigMap") && m.name().equals("eventfold-config"))
                .findFirst().orElseThrow();
        assertThat(shared.raw().path("data").path("PGHOST").asText()).isEqualTo("eventfold-postgres.postgres");
        assertThat(shared.raw().path("data").path("PGDATABASE").asText()).isEqualTo("eventfold");
    }

    private static KustomizeRenderer.Rendering render(String overlay) {
        return new KustomizeRenderer(Paths.knative()).render(Paths.overlay(overlay));
    }

    private static JsonNode container(Manifest service) {
        return service.raw().path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static String annotation(Manifest service, String key) {
        return service.raw().path("spec").path("template").path("metadata").path("annotations").path(key).asText();
    }
}
