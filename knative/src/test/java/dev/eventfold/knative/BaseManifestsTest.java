package dev.eventfold.knative;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The base renders and every manifest in it passes every check. */
class BaseManifestsTest {

    @Test
    void baseRendersWithoutProblems() {
        KustomizeRenderer.Rendering rendering = new KustomizeRenderer(Paths.knative()).render(Paths.base());

        assertThat(rendering.problems()).as("kustomization references").isEmpty();
        assertThat(rendering.manifests()).extracting(Manifest::kind)
                .contains("Service", "KafkaSource", "KafkaTopic", "ConfigMap", "KafkaSink");
    }

    @Test
    void everyManifestOfTheBasePassesEveryCheck() {
        KustomizeRenderer.Rendering rendering = new KustomizeRenderer(Paths.knative()).render(Paths.base());

        List<Problem> problems = new ManifestValidator(Paths.functions()).validate(rendering.manifests());

        assertThat(problems).as("problems in knative/base").isEmpty();
    }
}
