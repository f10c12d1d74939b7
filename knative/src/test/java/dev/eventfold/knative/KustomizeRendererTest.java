package dev.eventfold.knative;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The small kustomize renders what the overlays use and names every reference that does not resolve. */
class KustomizeRendererTest {

    private static final Path FIXTURES = Paths.knative().resolve("src/test/resources/kustomize");

    private static KustomizeRenderer.Rendering render(String name) {
        return new KustomizeRenderer(Paths.knative()).render(FIXTURES.resolve(name));
    }

    @Test
    void rendersNestedBasesPatchesNamespaceAndImages() {
        KustomizeRenderer.Rendering rendering = render("good");

        assertThat(rendering.problems()).isEmpty();
        Manifest config = rendering.manifests().stream().filter(m -> m.kind().equals("ConfigMap")).findFirst()
                .orElseThrow();
        assertThat(config.raw().path("data").path("KEY").asText()).isEqualTo("patched");
        assertThat(config.raw().path("data").path("LIST_KEY").asText()).isEqualTo("one");
        assertThat(config.raw().path("metadata").path("namespace").asText()).isEqualTo("sample");
        assertThat(config.file()).isEqualTo("src/test/resources/kustomize/base/configmap.yaml");
        Manifest service = rendering.manifests().stream().filter(m -> m.kind().equals("Service")).findFirst()
                .orElseThrow();
        assertThat(service.raw().at("/spec/template/spec/containers/0/image").asText()).isEqualTo("eventfold/sample:1.2");
        assertThat(service.raw().at("/spec/template/metadata/annotations").path("autoscaling.knative.dev/max-scale")
                .asText()).isEqualTo("3");
        assertThat(service.raw().at("/spec/template/metadata/annotations").path("autoscaling.knative.dev/min-scale")
                .asText()).isEqualTo("0");
    }

    @Test
    void aStrategicMergePatchReplacesListsOfACustomResourceButMergesThemInABuiltInKind() throws Exception {
        var service = (com.fasterxml.jackson.databind.node.ObjectNode) ManifestReader.YAML.readTree(
                "{spec: {template: {spec: {containers: [{name: a, image: x, env: [{name: A, value: '1'}]}]}}}}");
        var patch = (com.fasterxml.jackson.databind.node.ObjectNode) ManifestReader.YAML.readTree(
                "{spec: {template: {spec: {containers: [{name: a, resources: {limits: {memory: 1Gi}}}]}}}}");

        var custom = service.deepCopy();
        KustomizeRenderer.strategicMerge(custom, patch, false);
        var builtIn = service.deepCopy();
        KustomizeRenderer.strategicMerge(builtIn, patch, true);

        assertThat(custom.at("/spec/template/spec/containers/0/image").isMissingNode()).isTrue();
        assertThat(builtIn.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("x");
        assertThat(builtIn.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("1Gi");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThat(render("missing-resource").problems()).extracting(Problem::toString).containsExactly(
                "src/test/resources/kustomize/missing-resource/kustomization.yaml: resource gone.yaml does not exist");
    }

    @Test
    void aMissingPatchFileIsNamed() {
        assertThat(render("missing-patch").problems()).extracting(Problem::toString).containsExactly(
                "src/test/resources/kustomize/missing-patch/kustomization.yaml: patch gone-patch.yaml does not exist");
    }

    @Test
    void aPatchThatTargetsNoResourceIsNamed() {
        assertThat(render("patch-targets-nothing").problems()).extracting(Problem::toString).containsExactly(
                "src/test/resources/kustomize/patch-targets-nothing/kustomization.yaml: patch config.yaml targets no"
                        + " resource (kind ConfigMap, name ^sample-confg$)");
    }

    @Test
    void anImageEntryThatMatchesNoContainerIsNamed() {
        assertThat(render("image-matches-nothing").problems()).extracting(Problem::toString).containsExactly(
                "src/test/resources/kustomize/image-matches-nothing/kustomization.yaml: image eventfold/nothing"
                        + " matches no container");
    }

    @Test
    void aManifestThatNoKustomizationListsIsNamed() {
        assertThat(render("unlisted-file").problems()).extracting(Problem::toString).containsExactly(
                "src/test/resources/kustomize/unlisted-file/forgotten.yaml: not listed in"
                        + " src/test/resources/kustomize/unlisted-file/kustomization.yaml: it would never be deployed");
    }

    @Test
    void imageNamesDropTagAndDigestButKeepARegistryPort() {
        assertThat(KustomizeRenderer.imageName("eventfold/ingest:dev")).isEqualTo("eventfold/ingest");
        assertThat(KustomizeRenderer.imageName("eventfold/ingest@sha256:abc")).isEqualTo("eventfold/ingest");
        assertThat(KustomizeRenderer.imageName("localhost:5000/eventfold/ingest")).isEqualTo("localhost:5000/eventfold/ingest");
    }
}
