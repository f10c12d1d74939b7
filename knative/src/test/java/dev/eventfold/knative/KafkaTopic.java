package dev.eventfold.knative;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Map;

/**
 * A Strimzi {@code kafka.strimzi.io/v1beta2} KafkaTopic, typed here because no Strimzi model is served to this
 * build; read strictly (an unknown field is an error, as the Strimzi CRD's structural schema would prune it).
 */
public record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {
    }

    /** The topic's name in Kafka: spec.topicName, or the resource name when that is absent (Strimzi's rule). */
    public String topicName() {
        return spec != null && spec.topicName() != null ? spec.topicName() : metadata.getName();
    }

    public String config(String key) {
        if (spec == null || spec.config() == null || spec.config().get(key) == null) {
            return null;
        }
        return String.valueOf(spec.config().get(key));
    }
}
