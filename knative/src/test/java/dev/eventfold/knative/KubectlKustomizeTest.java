package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's own renderer ({@link KustomizeRenderer}, which runs everywhere) gives exactly what real kustomize
 * gives: {@code kubectl kustomize} on the base and each overlay, compared resource by resource. Skipped where no
 * {@code kubectl} is on the PATH.
 */
class KubectlKustomizeTest {

    private static Path kubectl;

    @BeforeAll
    static void findKubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir).resolve("kubectl");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                kubectl = candidate;
                return;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theRendererGivesWhatKubectlKustomizeGives(String dir) throws Exception {
        Assumptions.assumeTrue(kubectl != null, "no kubectl on the PATH");
        Path kustomization = Paths.knative().resolve(dir);

        Map<String, JsonNode> expected = byResource(kubectlKustomize(kustomization));
        KustomizeRenderer.Rendering rendering = new KustomizeRenderer(Paths.knative()).render(kustomization);
        Map<String, JsonNode> actual = new TreeMap<>();
        rendering.manifests().forEach(m -> actual.put(key(m.raw()), m.raw()));

        assertThat(rendering.problems()).isEmpty();
        assertThat(actual.keySet()).as("resources of " + dir).isEqualTo(expected.keySet());
        expected.forEach((key, resource) ->
                assertThat(actual.get(key)).as(key + " in " + dir).isEqualTo(resource));
    }

    private static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + dir + " exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Map<String, JsonNode> byResource(String yaml) throws IOException {
        Map<String, JsonNode> resources = new TreeMap<>();
        try (var parser = ManifestReader.YAML.getFactory().createParser(yaml)) {
            var documents = ManifestReader.YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject()) {
                    resources.put(key(document), document);
                }
            }
        }
        return resources;
    }

    private static String key(JsonNode resource) {
        return resource.path("apiVersion").asText() + " " + resource.path("kind").asText() + " "
                + resource.path("metadata").path("namespace").asText() + "/"
                + resource.path("metadata").path("name").asText();
    }
}
