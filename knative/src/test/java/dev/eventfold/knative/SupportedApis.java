package dev.eventfold.knative;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The platform versions knative/README.md supports, and which of them serves each apiVersion and kind the manifests
 * may use (first release that serves it, release that removed it), with the upstream file that says so. A manifest
 * whose API a supported version does not serve is a problem: the cluster would answer "no matches for kind".
 */
public final class SupportedApis {

    /** A platform component and the oldest release of it that the manifests support. */
    public enum Component {
        KUBERNETES("Kubernetes"),
        KNATIVE_SERVING("Knative Serving"),
        KNATIVE_EVENTING("Knative Eventing"),
        EVENTING_KAFKA_BROKER("eventing-kafka-broker"),
        STRIMZI("Strimzi"),
        GATEWAY_API("Gateway API");

        private final String title;

        Component(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The minimum supported release of each component: knative/README.md states the same (a test compares). */
    public static final Map<Component, Version> SUPPORTED = Map.of(
            Component.KUBERNETES, Version.of("1.30"),
            Component.KNATIVE_SERVING, Version.of("1.16"),
            Component.KNATIVE_EVENTING, Version.of("1.16"),
            Component.EVENTING_KAFKA_BROKER, Version.of("1.16"),
            Component.STRIMZI, Version.of("1.0"),
            Component.GATEWAY_API, Version.of("1.2"));

    /** Served from {@code since} up to (not including) {@code removedIn}, which is null while it is still served. */
    public record Api(String apiVersion, String kind, Component component, Version since, Version removedIn,
                      String source) {

        String key() {
            return apiVersion + "/" + kind;
        }
    }

    static final List<Api> APIS = List.of(
            new Api("v1", "ConfigMap", Component.KUBERNETES, Version.of("1.0"), null,
                    "https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/config-map-v1/"),
            new Api("v1", "PersistentVolumeClaim", Component.KUBERNETES, Version.of("1.0"), null,
                    "https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-claim-v1/"),
            new Api("v1", "Secret", Component.KUBERNETES, Version.of("1.0"), null,
                    "https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/secret-v1/"),
            new Api("batch/v1", "CronJob", Component.KUBERNETES, Version.of("1.21"), null,
                    "https://kubernetes.io/docs/reference/using-api/deprecation-guide/#cronjob-v125"),
            new Api("serving.knative.dev/v1", "Service", Component.KNATIVE_SERVING, Version.of("1.0"), null,
                    "https://github.com/knative/serving/blob/knative-v1.16.0/config/core/300-resources/service.yaml"),
            new Api("eventing.knative.dev/v1", "Broker", Component.KNATIVE_EVENTING, Version.of("1.0"), null,
                    "https://github.com/knative/eventing/blob/knative-v1.16.0/config/core/resources/broker.yaml"),
            new Api("eventing.knative.dev/v1", "Trigger", Component.KNATIVE_EVENTING, Version.of("1.0"), null,
                    "https://github.com/knative/eventing/blob/knative-v1.16.0/config/core/resources/trigger.yaml"),
            new Api("sources.knative.dev/v1", "PingSource", Component.KNATIVE_EVENTING, Version.of("1.0"), null,
                    "https://github.com/knative/eventing/blob/knative-v1.16.0/config/core/resources/pingsource.yaml"),
            new Api("sources.knative.dev/v1beta1", "KafkaSource", Component.EVENTING_KAFKA_BROKER, Version.of("1.0"),
                    null, "https://github.com/knative-extensions/eventing-kafka-broker/blob/knative-v1.16.0/"
                    + "control-plane/config/eventing-kafka-broker/100-source/100-kafka-source.yaml"),
            new Api("sources.knative.dev/v1", "KafkaSource", Component.EVENTING_KAFKA_BROKER, Version.of("1.16"),
                    null, "https://github.com/knative-extensions/eventing-kafka-broker/blob/knative-v1.16.0/"
                    + "control-plane/config/eventing-kafka-broker/100-source/100-kafka-source.yaml"),
            new Api("eventing.knative.dev/v1alpha1", "KafkaSink", Component.EVENTING_KAFKA_BROKER, Version.of("1.0"),
                    null, "https://github.com/knative-extensions/eventing-kafka-broker/blob/knative-v1.23.0/"
                    + "control-plane/config/eventing-kafka-broker/100-sink/100-kafka-sink.yaml"),
            new Api("kafka.strimzi.io/v1beta2", "KafkaTopic", Component.STRIMZI, Version.of("0.22"), Version.of("1.0"),
                    "https://github.com/strimzi/strimzi-kafka-operator/blob/1.0.1/CHANGELOG.md#100"),
            new Api("kafka.strimzi.io/v1", "KafkaTopic", Component.STRIMZI, Version.of("0.49"), null,
                    "https://github.com/strimzi/strimzi-kafka-operator/blob/1.0.1/"
                    + "packaging/install/cluster-operator/043-Crd-kafkatopic.yaml"),
            new Api("gateway.networking.k8s.io/v1", "HTTPRoute", Component.GATEWAY_API, Version.of("1.0"), null,
                    "https://gateway-api.sigs.k8s.io/reference/spec/#httproute"));

    private static final Map<String, Api> BY_KEY = new TreeMap<>();

    static {
        APIS.forEach(api -> BY_KEY.put(api.key(), api));
    }

    private SupportedApis() {
    }

    public static Optional<Api> api(String apiVersion, String kind) {
        return Optional.ofNullable(BY_KEY.get(apiVersion + "/" + kind));
    }

    /** Why the supported versions do not serve this API, or empty when every supported version serves it. */
    public static Optional<String> notServed(String apiVersion, String kind) {
        Api api = BY_KEY.get(apiVersion + "/" + kind);
        if (api == null) {
            return Optional.of("apiVersion " + apiVersion + " kind " + kind + " is served by none of the supported"
                    + " platforms (knative/README.md, \"Supported versions\")");
        }
        Version supported = SUPPORTED.get(api.component());
        if (supported.compareTo(api.since()) < 0) {
            return Optional.of(apiVersion + " " + kind + " is served from " + api.component().title() + " "
                    + api.since() + ", but " + supported + " is supported (" + api.source() + ")");
        }
        if (api.removedIn() != null && supported.compareTo(api.removedIn()) >= 0) {
            return Optional.of(apiVersion + " " + kind + " was removed in " + api.component().title() + " "
                    + api.removedIn() + ", and " + supported + "+ is supported (" + api.source() + ")");
        }
        return Optional.empty();
    }

    /** A dotted release number such as 1.16 or 1.0.1, compared numerically. */
    public record Version(int[] parts) implements Comparable<Version> {

        public static Version of(String text) {
            return new Version(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
        }

        @Override
        public int compareTo(Version other) {
            for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
                int a = i < parts.length ? parts[i] : 0;
                int b = i < other.parts.length ? other.parts[i] : 0;
                if (a != b) {
                    return Integer.compare(a, b);
                }
            }
            return 0;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Version version && compareTo(version) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }

        @Override
        public String toString() {
            return String.join(".", Arrays.stream(parts).mapToObj(Integer::toString).toList());
        }
    }
}
