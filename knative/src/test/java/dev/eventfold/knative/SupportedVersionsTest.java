package dev.eventfold.knative;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * knative/README.md states the supported platform versions; the checks hold the manifests to exactly those
 * ({@link SupportedApis}), and every rendered resource uses an API that each supported version serves.
 */
class SupportedVersionsTest {

    /** A row of the README's "Supported versions" table: | Component | 1.16 or later | ... |. */
    private static final Pattern ROW = Pattern.compile("^\\| ([^|]+?) \\| (\\d+(?:\\.\\d+)+) or later \\|", Pattern.MULTILINE);

    @Test
    void theReadmeStatesTheVersionsTheChecksAssume() throws IOException {
        String readme = Files.readString(Paths.knative().resolve("README.md"));
        Map<String, String> stated = new TreeMap<>();
        Matcher row = ROW.matcher(readme.substring(readme.indexOf("## Supported versions")));
        while (row.find()) {
            stated.put(row.group(1), row.group(2));
        }
        Map<String, String> assumed = new TreeMap<>();
        SupportedApis.SUPPORTED.forEach((component, version) -> assumed.put(component.title(), version.toString()));

        assertThat(stated).isEqualTo(assumed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyResourceUsesAnApiTheSupportedVersionsServe(String dir) {
        var rendering = new KustomizeRenderer(Paths.knative()).render(Paths.knative().resolve(dir));

        assertThat(rendering.manifests()).isNotEmpty().allSatisfy(m -> assertThat(
                SupportedApis.notServed(m.apiVersion(), m.kind())).as(m.toString()).isEmpty());
    }

    @Test
    void anApiIsServedFromItsFirstReleaseUntilItsRemoval() {
        assertThat(SupportedApis.notServed("kafka.strimzi.io/v1beta2", "KafkaTopic")).get().asString()
                .contains("removed in Strimzi 1.0");
        assertThat(SupportedApis.notServed("kafka.strimzi.io/v1", "KafkaTopic")).isEmpty();
        assertThat(SupportedApis.notServed("sources.knative.dev/v1", "KafkaSource")).isEmpty();
        assertThat(SupportedApis.notServed("networking.k8s.io/v1", "Ingress")).get().asString()
                .contains("served by none of the supported platforms");
        assertThat(SupportedApis.Version.of("1.16").compareTo(SupportedApis.Version.of("1.15.3"))).isPositive();
        assertThat(SupportedApis.Version.of("1.0")).isEqualTo(SupportedApis.Version.of("1.0.0"));
    }

    /** Knative Serving refuses a PVC volume unless its feature flag is on: the README must say so. */
    @Test
    void theReadmeNamesEveryKnativeFeatureFlagTheManifestsNeed() throws IOException {
        String readme = Files.readString(Paths.knative().resolve("README.md"));
        var manifests = new KustomizeRenderer(Paths.knative()).render(Paths.base()).manifests();

        assertThat(ManifestValidator.requiredFeatures(manifests)).containsExactly(AdmissionRules.PVC_FEATURE)
                .allSatisfy(flag -> assertThat(readme).contains("\"" + flag + "\":\"enabled\""));
    }
}
