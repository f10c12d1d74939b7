package dev.eventfold.knative;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Funqy (3.33) routes a CloudEvent by ce-type unless {@code quarkus.funqy.export} names a default function; any
 * other type gets a 404, which a KafkaSource or Trigger retries and then dead-letters. The checks name a
 * KafkaSource or unfiltered Trigger that would offer such types, and a filter on a type the function does not
 * route. Uses the fixture module plain-function (maps page.viewed and page.clicked, no export).
 */
class FunqyRoutingTest {

    private static List<Problem> problems() throws IOException {
        Path knative = Paths.knative();
        List<Manifest> manifests = ManifestReader.read(knative.resolve("src/test/resources/routing/manifests.yaml"),
                "routing/manifests.yaml");
        return new ManifestValidator(knative.resolve("src/test/resources/functions-fixture")).validate(manifests);
    }

    @Test
    void aKafkaSourceOfferingTypesTheFunctionDoesNotRouteIsNamed() throws IOException {
        assertThat(problems()).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .startsWith("routing/manifests.yaml#2: KafkaSource plain-function-direct: functions/plain-function"
                        + " sets no quarkus.funqy.export")
                .contains("dev.eventfold.user.created")
                .doesNotContain(", dev.eventfold.page.viewed,")
                .contains("would be answered 404"));
    }

    @Test
    void anUnfilteredTriggerToATypeRoutedFunctionIsNamed() throws IOException {
        assertThat(problems()).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .startsWith("routing/manifests.yaml#4: Trigger plain-function-unfiltered: no type filter, and"
                        + " functions/plain-function routes by type without quarkus.funqy.export"));
    }

    @Test
    void aFilterOnARoutedTypePassesAndOneOnAnotherTypeIsNamed() throws IOException {
        List<String> problems = problems().stream().map(Problem::toString).toList();

        assertThat(problems).noneMatch(p -> p.contains("plain-function-clicks: filter type"));
        assertThat(problems).anyMatch(p -> p.startsWith("routing/manifests.yaml#6: Trigger plain-function-sent:"
                + " filter type dev.eventfold.page.sent is not mapped by functions/plain-function"));
    }
}
