package dev.eventfold.knative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed models read a manifest as a strict API server does: wrong scalar types and unknown fields are named. */
class TypedModelsTest {

    private static Manifest manifest(String yaml) throws Exception {
        return new Manifest("test.yaml", 0, (ObjectNode) ManifestReader.YAML.readTree(yaml));
    }

    @Test
    void anUnquotedNumberWhereAStringGoesDoesNotParse() throws Exception {
        Manifest service = manifest("{apiVersion: serving.knative.dev/v1, kind: Service, metadata: {name: s},"
                + " spec: {template: {metadata: {annotations: {autoscaling.knative.dev/min-scale: 0}}}}}");

        assertThatThrownBy(() -> ManifestReader.typed(service)).hasMessageContaining("does not parse as Service")
                .hasMessageContaining("String");
    }

    @Test
    void aQuotedNumberWhereAnIntegerGoesDoesNotParse() throws Exception {
        Manifest topic = manifest("{apiVersion: kafka.strimzi.io/v1, kind: KafkaTopic, metadata: {name: t},"
                + " spec: {partitions: '6'}}");

        assertThatThrownBy(() -> ManifestReader.typed(topic)).hasMessageContaining("does not parse as KafkaTopic");
    }

    @Test
    void unknownFieldsAreNamedWithTheirPathInEveryModel() throws Exception {
        assertThat(ManifestReader.unknownFields(ManifestReader.typed(manifest(
                "{apiVersion: kafka.strimzi.io/v1, kind: KafkaTopic, metadata: {name: t}, spec: {partitons: 6}}"))))
                .containsExactly("spec.partitons");
        assertThat(ManifestReader.unknownFields(ManifestReader.typed(manifest(
                "{apiVersion: gateway.networking.k8s.io/v1, kind: HTTPRoute, metadata: {name: r},"
                        + " spec: {rules: [{matches: [{verb: GET}]}]}}"))))
                .containsExactly("spec.rules[0].matches[0].verb");
        assertThat(ManifestReader.unknownFields(ManifestReader.typed(manifest(
                "{apiVersion: sources.knative.dev/v1, kind: KafkaSource, metadata: {name: k},"
                        + " spec: {order: ordered, topics: [t]}}"))))
                .containsExactly("spec.order");
    }
}
