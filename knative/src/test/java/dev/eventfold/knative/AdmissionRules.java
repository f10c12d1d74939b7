package dev.eventfold.knative;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admission rules that a schema cannot express and the webhooks (or a CRD's value constraints) enforce, checked
 * on the typed models. Each rule names the upstream source it follows; the values are the ones those sources state.
 * {@code problem} receives the field path and the message.
 */
final class AdmissionRules {

    static final String SERVING_PROBES = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "pkg/apis/serving/k8s_validation.go (validateReadinessProbe, validateProbe)";
    static final String SERVING_DEFAULTS = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "pkg/apis/serving/v1/revision_defaults.go (applyReadinessProbeDefaults)";
    static final String SERVING_VOLUMES = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "pkg/apis/serving/k8s_validation.go (validatePersistentVolumeClaims)";
    static final String AUTOSCALING = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "pkg/apis/autoscaling/annotation_validation.go";
    static final String KAFKA_SOURCE = "https://github.com/knative-extensions/eventing-kafka-broker/blob/"
            + "knative-v1.23.0/control-plane/pkg/apis/sources/v1/kafka_validation.go";
    static final String STRIMZI_TOPIC = "https://github.com/strimzi/strimzi-kafka-operator/blob/1.0.1/"
            + "packaging/install/cluster-operator/043-Crd-kafkatopic.yaml (minimum: 1)";

    /** Knative Serving's config-features flags a manifest needs; see {@link #requiredFeatures}. */
    static final String PVC_FEATURE = "kubernetes.podspec-persistent-volume-claim";

    static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
    static final String TARGET = "autoscaling.knative.dev/target";
    static final String METRIC = "autoscaling.knative.dev/metric";
    static final String SCALE_DOWN_DELAY = "autoscaling.knative.dev/scale-down-delay";
    static final String TARGET_UTILIZATION = "autoscaling.knative.dev/target-utilization-percentage";
    /** The smallest target the autoscaler accepts (TargetMin in pkg/apis/autoscaling/register.go). */
    static final double TARGET_MIN = 0.01;
    /** WindowMax in pkg/apis/autoscaling/register.go: the longest scale-down-delay. */
    static final long WINDOW_MAX_SECONDS = 3600;

    private AdmissionRules() {
    }

    // --- Knative Serving

    static void service(Service service, BiConsumer<String, String> problem) {
        if (service.getSpec() == null || service.getSpec().getTemplate() == null) {
            return;
        }
        var template = service.getSpec().getTemplate();
        Map<String, String> annotations = template.getMetadata() == null
                || template.getMetadata().getAnnotations() == null ? Map.of() : template.getMetadata().getAnnotations();
        autoscaling(annotations, (field, message) ->
                problem.accept("spec.template.metadata.annotations." + field, message + " (" + AUTOSCALING + ")"));
        if (template.getSpec() == null) {
            return;
        }
        List<Container> containers = template.getSpec().getContainers() == null
                ? List.of() : template.getSpec().getContainers();
        for (int i = 0; i < containers.size(); i++) {
            String at = "spec.template.spec.containers[" + i + "].readinessProbe";
            readinessProbe(containers.get(i).getReadinessProbe(), (field, message) ->
                    problem.accept(at + "." + field, message + " (" + SERVING_PROBES + ")"));
        }
        List<Volume> volumes = template.getSpec().getVolumes() == null ? List.of() : template.getSpec().getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            var claim = volumes.get(i).getPersistentVolumeClaim();
            if (claim != null && !Boolean.TRUE.equals(claim.getReadOnly())) {
                problem.accept("spec.template.spec.volumes[" + i + "].persistentVolumeClaim.readOnly",
                        "Knative refuses a claim " + claim.getClaimName() + " that is not read-only unless"
                                + " kubernetes.podspec-persistent-volume-write is enabled (" + SERVING_VOLUMES + ")");
            }
        }
    }

    /** Knative's readiness-probe rules, after its defaulting (an unset successThreshold becomes 1). */
    static void readinessProbe(Probe probe, BiConsumer<String, String> problem) {
        if (probe == null) {
            return;
        }
        int period = value(probe.getPeriodSeconds());
        if (period < 0) {
            problem.accept("periodSeconds", "must be at least 0, is " + period);
        }
        if (value(probe.getInitialDelaySeconds()) < 0) {
            problem.accept("initialDelaySeconds", "must be at least 0");
        }
        if (probe.getSuccessThreshold() != null && probe.getSuccessThreshold() < 1) {
            problem.accept("successThreshold", "must be at least 1 (" + SERVING_DEFAULTS + ")");
        }
        if (period == 0) {
            if (value(probe.getFailureThreshold()) != 0) {
                problem.accept("failureThreshold", "failureThreshold is disallowed when periodSeconds is zero");
            }
            if (value(probe.getTimeoutSeconds()) != 0) {
                problem.accept("timeoutSeconds", "timeoutSeconds is disallowed when periodSeconds is zero");
            }
        } else {
            // With a period set, Knative applies Kubernetes' defaults first: timeoutSeconds 1, failureThreshold 3.
            if (probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() < 1) {
                problem.accept("timeoutSeconds", "must be at least 1 when periodSeconds is set");
            }
            if (probe.getFailureThreshold() != null && probe.getFailureThreshold() < 1) {
                problem.accept("failureThreshold", "must be at least 1 when periodSeconds is set");
            }
        }
        int handlers = (probe.getHttpGet() == null ? 0 : 1) + (probe.getTcpSocket() == null ? 0 : 1)
                + (probe.getExec() == null ? 0 : 1) + (probe.getGrpc() == null ? 0 : 1);
        if (handlers > 1) {
            problem.accept("", "more than one handler (httpGet, tcpSocket, exec, grpc): only one is allowed");
        }
    }

    /** The autoscaling annotations' value ranges (KPA, the default class). */
    static void autoscaling(Map<String, String> annotations, BiConsumer<String, String> problem) {
        Integer min = intAtLeastZero(annotations, MIN_SCALE, problem);
        Integer max = intAtLeastZero(annotations, MAX_SCALE, problem);
        if (min != null && max != null && max != 0 && max < min) {
            problem.accept(MAX_SCALE, "max-scale=" + max + " is less than min-scale=" + min);
        }
        String target = annotations.get(TARGET);
        if (target != null) {
            try {
                if (Double.parseDouble(target) < TARGET_MIN) {
                    problem.accept(TARGET, "target " + target + " should be at least " + TARGET_MIN);
                }
            } catch (NumberFormatException e) {
                problem.accept(TARGET, "invalid value '" + target + "': not a number");
            }
        }
        String utilization = annotations.get(TARGET_UTILIZATION);
        if (utilization != null) {
            try {
                double value = Double.parseDouble(utilization);
                if (value < 1 || value > 100) {
                    problem.accept(TARGET_UTILIZATION, "'" + utilization + "' is out of bounds: 1 <= value <= 100");
                }
            } catch (NumberFormatException e) {
                problem.accept(TARGET_UTILIZATION, "invalid value '" + utilization + "': not a number");
            }
        }
        String metric = annotations.get(METRIC);
        if (metric != null && !Set.of("concurrency", "rps").contains(metric)) {
            problem.accept(METRIC, "invalid value '" + metric + "': the KPA autoscaler takes concurrency or rps");
        }
        String delay = annotations.get(SCALE_DOWN_DELAY);
        if (delay != null) {
            Double seconds = goDurationSeconds(delay);
            if (seconds == null) {
                problem.accept(SCALE_DOWN_DELAY, "invalid value '" + delay + "': not a duration such as 30s or 10m");
            } else if (seconds < 0 || seconds > WINDOW_MAX_SECONDS) {
                problem.accept(SCALE_DOWN_DELAY, "'" + delay + "' is out of bounds: 0s <= value <= 1h0m0s");
            } else if (seconds != Math.rint(seconds)) {
                problem.accept(SCALE_DOWN_DELAY, "must be specified with at most second precision");
            }
        }
    }

    private static Integer intAtLeastZero(Map<String, String> annotations, String key,
                                          BiConsumer<String, String> problem) {
        String value = annotations.get(key);
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                problem.accept(key, "'" + value + "' is out of bounds: 0 <= value <= 2147483647");
                return null;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problem.accept(key, "invalid value '" + value + "': not a 32-bit integer");
            return null;
        }
    }

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    /** Go's time.ParseDuration, in seconds; null when it would not parse. */
    static Double goDurationSeconds(String text) {
        String rest = text;
        double sign = 1;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            sign = rest.startsWith("-") ? -1 : 1;
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0.0;
        }
        if (rest.isEmpty()) {
            return null;
        }
        Matcher matcher = GO_DURATION_PART.matcher(rest);
        double total = 0;
        int at = 0;
        while (at < rest.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            double number = Double.parseDouble(matcher.group(1));
            total += number * switch (matcher.group(2)) {
                case "ns" -> 1e-9;
                case "us", "µs" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                default -> 3600;
            };
            at = matcher.end();
        }
        return sign * total;
    }

    // --- eventing-kafka-broker

    static void kafkaSource(KafkaSource source, BiConsumer<String, String> problem) {
        var spec = source.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getTopics() == null || spec.getTopics().isEmpty()) {
            problem.accept("spec.topics", "missing field (" + KAFKA_SOURCE + ")");
        }
        if (spec.getBootstrapServers() == null || spec.getBootstrapServers().isEmpty()) {
            problem.accept("spec.bootstrapServers", "missing field (" + KAFKA_SOURCE + ")");
        }
        if (!Set.of("earliest", "latest").contains(String.valueOf(spec.getInitialOffset()))) {
            problem.accept("spec.initialOffset", "invalid value '" + spec.getInitialOffset()
                    + "': earliest or latest (" + KAFKA_SOURCE + ")");
        }
        if (spec.getOrdering() != null && !Set.of("ordered", "unordered").contains(spec.getOrdering())) {
            problem.accept("spec.ordering", "invalid value '" + spec.getOrdering() + "': ordered or unordered ("
                    + KAFKA_SOURCE + ")");
        }
    }

    // --- Strimzi (CRD value constraints, which the Java model does not carry)

    static void kafkaTopic(KafkaTopic topic, BiConsumer<String, String> problem) {
        if (topic.getSpec() == null) {
            return;
        }
        if (topic.getSpec().getPartitions() != null && topic.getSpec().getPartitions() < 1) {
            problem.accept("spec.partitions", "must be at least 1 (" + STRIMZI_TOPIC + ")");
        }
        if (topic.getSpec().getReplicas() != null && topic.getSpec().getReplicas() < 1) {
            problem.accept("spec.replicas", "must be at least 1 (" + STRIMZI_TOPIC + ")");
        }
    }

    /** The Knative Serving feature flags (config-features) that these Services need enabled. */
    static List<String> requiredFeatures(Service service) {
        List<String> features = new ArrayList<>();
        if (service.getSpec() != null && service.getSpec().getTemplate() != null
                && service.getSpec().getTemplate().getSpec() != null
                && service.getSpec().getTemplate().getSpec().getVolumes() != null
                && service.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getPersistentVolumeClaim() != null)) {
            features.add(PVC_FEATURE);
        }
        return features;
    }

    private static int value(Integer value) {
        return value == null ? 0 : value;
    }
}
