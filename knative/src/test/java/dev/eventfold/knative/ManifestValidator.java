package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Topic;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one rendering of the manifests (the base, or an overlay) against what a cluster accepts and against
 * the contract: the catalog of topics and event types in shared-model, and what each function module's sources
 * read and map. Every problem names its file.
 */
public final class ManifestValidator {

    static final String PART_OF = "eventfold";
    static final List<String> LABELS =
            List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/component");
    static final List<String> SCALE_ANNOTATIONS = List.of("autoscaling.knative.dev/min-scale",
            "autoscaling.knative.dev/target", "autoscaling.knative.dev/scale-down-delay",
            "autoscaling.knative.dev/max-scale");
    static final String DELIVERY_ORDER = "kafka.eventing.knative.dev/delivery.order";
    static final String EXTERNAL_TOPIC = "kafka.eventing.knative.dev/external.topic";
    static final String TRIGGER_SWITCH = "EVENTFOLD_KAFKA_TRIGGER_ENABLED";
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PEPPER|TOKEN|SECRET).*");

    private final Path functionsDir;
    private final Map<String, FunctionSources> functions = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Manifest> configMapFiles = new HashMap<>();

    public ManifestValidator(Path functionsDir) {
        this.functionsDir = functionsDir;
    }

    public List<Problem> validate(List<Manifest> manifests) {
        problems.clear();
        Map<Manifest, Object> typed = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            if (!ManifestReader.isKnownKind(manifest)) {
                problem(manifest, "unknown apiVersion/kind " + manifest.apiVersion() + " " + manifest.kind()
                        + " (not a kind these deployments use; a cluster without that CRD rejects it)");
                continue;
            }
            try {
                Object object = ManifestReader.typed(manifest);
                typed.put(manifest, object);
                ManifestReader.unknownFields(object).forEach(field -> problem(manifest, "unknown field " + field));
            } catch (IllegalArgumentException e) {
                problem(manifest, e.getMessage());
            }
            checkMetadata(manifest);
        }
        checkUniqueNames(manifests);

        Map<String, ConfigMap> configMaps = byName(typed, ConfigMap.class);
        configMapFiles.clear();
        typed.forEach((manifest, object) -> {
            if (object instanceof ConfigMap) {
                configMapFiles.put(manifest.name(), manifest);
            }
        });
        Map<String, Service> services = byName(typed, Service.class);
        Map<String, String> sharedConfig = configMaps.containsKey("eventfold-config")
                && configMaps.get("eventfold-config").getData() != null
                ? configMaps.get("eventfold-config").getData() : Map.of();
        String prefix = sharedConfig.getOrDefault("EVENTFOLD_TOPIC_PREFIX", Topic.DEFAULT_PREFIX);
        String bootstrap = sharedConfig.get("KAFKA_BOOTSTRAP_SERVERS");
        if (!configMaps.containsKey("eventfold-config")) {
            problems.add(new Problem("(all)", "no ConfigMap eventfold-config (topic prefix, bootstrap servers)"));
        }

        Set<String> pushedTo = new TreeSet<>();
        typed.values().forEach(object -> {
            if (object instanceof KafkaSource source && source.getSpec() != null && source.getSpec().getSink() != null
                    && source.getSpec().getSink().getRef() != null) {
                pushedTo.add(source.getSpec().getSink().getRef().getName());
            } else if (object instanceof Trigger trigger && trigger.getSpec() != null
                    && trigger.getSpec().getSubscriber() != null && trigger.getSpec().getSubscriber().getRef() != null) {
                pushedTo.add(trigger.getSpec().getSubscriber().getRef().getName());
            }
        });
        Set<String> topicsDeclared = new TreeSet<>();
        typed.forEach((manifest, object) -> {
            if (object instanceof Service service) {
                checkService(manifest, service, configMaps, pushedTo.contains(manifest.name()));
            } else if (object instanceof KafkaSource source) {
                checkKafkaSource(manifest, source, typed, prefix, bootstrap);
            } else if (object instanceof KafkaSink sink) {
                checkTopicName(manifest, sink.getSpec() == null ? null : sink.getSpec().getTopic(), prefix);
                if (sink.getSpec() != null) {
                    checkBootstrap(manifest, sink.getSpec().getBootstrapServers(), bootstrap);
                }
            } else if (object instanceof KafkaTopic topic) {
                checkKafkaTopic(manifest, topic, prefix);
                topicsDeclared.add(topic.topicName());
            } else if (object instanceof Trigger trigger) {
                checkTrigger(manifest, trigger, services, typed, prefix);
            } else if (object instanceof Broker broker) {
                checkBroker(manifest, broker, configMaps, prefix, bootstrap);
            } else if (object instanceof Secret) {
                problem(manifest, "a Secret in a manifest: secrets are created in the cluster and referenced by name");
            }
        });
        checkConfigMapsAreUsed(typed);
        checkClaimsExist(typed);
        for (Topic topic : Topic.values()) {
            if (!topicsDeclared.contains(topic.topicName(prefix))) {
                problems.add(new Problem("(all)", "no KafkaTopic for " + topic.topicName(prefix) + " (Topic." + topic
                        + "): the broker would auto-create it with default partitions and retention, or refuse"));
            }
        }
        for (String function : FunctionSources.moduleNames(functionsDir)) {
            if (!services.containsKey(function)) {
                problems.add(new Problem("(all)", "function module functions/" + function
                        + " has no Knative Service"));
            }
        }
        return List.copyOf(problems);
    }

    // --- every resource

    private void checkMetadata(Manifest manifest) {
        if (!DNS_1123.matcher(manifest.name()).matches() || manifest.name().length() > 253) {
            problem(manifest, "metadata.name '" + manifest.name() + "' is not a DNS-1123 name");
        }
        checkLabels(manifest, manifest.labels(), "metadata.labels");
        checkStringValues(manifest, manifest.raw().path("metadata").path("labels"), "metadata.labels");
        checkStringValues(manifest, manifest.raw().path("metadata").path("annotations"), "metadata.annotations");
        if (manifest.kind().equals("Service")) {
            JsonNode template = manifest.raw().path("spec").path("template").path("metadata");
            checkLabels(manifest, template.path("labels"), "spec.template.metadata.labels");
            checkStringValues(manifest, template.path("annotations"), "spec.template.metadata.annotations");
        }
        if (manifest.kind().equals("ConfigMap")) {
            checkStringValues(manifest, manifest.raw().path("data"), "data");
        }
    }

    private void checkLabels(Manifest manifest, JsonNode labels, String where) {
        for (String label : LABELS) {
            if (!labels.path(label).isTextual() || labels.path(label).asText().isBlank()) {
                problem(manifest, "missing label " + label + " in " + where);
            }
        }
        if (labels.path("app.kubernetes.io/part-of").isTextual()
                && !PART_OF.equals(labels.path("app.kubernetes.io/part-of").asText())) {
            problem(manifest, "label app.kubernetes.io/part-of must be " + PART_OF + " in " + where);
        }
    }

    /** Label, annotation and ConfigMap values must be YAML strings: an unquoted 0 or true is rejected. */
    private void checkStringValues(Manifest manifest, JsonNode map, String where) {
        map.fields().forEachRemaining(field -> {
            if (!field.getValue().isTextual()) {
                problem(manifest, where + "." + field.getKey() + " must be a string (quote " + field.getValue() + ")");
            }
        });
    }

    private void checkUniqueNames(List<Manifest> manifests) {
        Map<String, List<Manifest>> byId = manifests.stream().collect(Collectors.groupingBy(
                m -> m.apiVersion() + "/" + m.kind() + "/" + m.name(), LinkedHashMap::new, Collectors.toList()));
        byId.forEach((id, same) -> {
            if (same.size() > 1) {
                problem(same.get(1), "same kind and name as " + same.get(0).location());
            }
        });
    }

    // --- Knative Services

    private void checkService(Manifest manifest, Service service, Map<String, ConfigMap> configMaps,
                              boolean pushedTo) {
        String name = manifest.name();
        FunctionSources function = function(name);
        if (!function.exists()) {
            problem(manifest, "Service " + name + " matches no function module functions/" + name);
        } else if (function.applicationName().isPresent() && !function.applicationName().get().equals(name)) {
            problem(manifest, "Service " + name + " but functions/" + name + " sets quarkus.application.name="
                    + function.applicationName().get());
        }
        if (service.getSpec() == null || service.getSpec().getTemplate() == null
                || service.getSpec().getTemplate().getSpec() == null) {
            problem(manifest, "no spec.template.spec");
            return;
        }
        Map<String, String> annotations = service.getSpec().getTemplate().getMetadata() == null
                || service.getSpec().getTemplate().getMetadata().getAnnotations() == null
                ? Map.of() : service.getSpec().getTemplate().getMetadata().getAnnotations();
        checkScale(manifest, annotations);
        List<Container> containers = service.getSpec().getTemplate().getSpec().getContainers();
        if (containers == null || containers.size() != 1) {
            problem(manifest, "a Knative Service needs exactly one container");
            return;
        }
        Container container = containers.get(0);
        if (container.getImage() == null || container.getImage().isBlank()) {
            problem(manifest, "container has no image");
        }
        checkProbe(manifest, container.getReadinessProbe(), "readinessProbe", READY);
        checkProbe(manifest, container.getLivenessProbe(), "livenessProbe", LIVE);
        checkResources(manifest, container.getResources());
        checkEnvironment(manifest, container, function, configMaps, pushedTo);
    }

    private void checkScale(Manifest manifest, Map<String, String> annotations) {
        for (String annotation : SCALE_ANNOTATIONS) {
            if (!annotations.containsKey(annotation)) {
                problem(manifest, "missing annotation " + annotation + " in spec.template.metadata.annotations");
            }
        }
        Integer min = integer(manifest, annotations, "autoscaling.knative.dev/min-scale");
        Integer max = integer(manifest, annotations, "autoscaling.knative.dev/max-scale");
        if (min != null && max != null && max > 0 && min > max) {
            problem(manifest, "min-scale " + min + " is above max-scale " + max);
        }
        integer(manifest, annotations, "autoscaling.knative.dev/target");
        String delay = annotations.get("autoscaling.knative.dev/scale-down-delay");
        if (delay != null && !GO_DURATION.matcher(delay).matches()) {
            problem(manifest, "scale-down-delay '" + delay + "' is not a duration like 30s or 10m");
        }
    }

    private Integer integer(Manifest manifest, Map<String, String> annotations, String key) {
        String value = annotations.get(key);
        if (value == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                problem(manifest, key + " is negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            problem(manifest, key + " '" + value + "' is not an integer");
            return null;
        }
    }

    private void checkProbe(Manifest manifest, Probe probe, String name, String path) {
        if (probe == null) {
            problem(manifest, "missing " + name + " (SmallRye Health " + path + ")");
        } else if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            problem(manifest, name + " must be an httpGet on " + path);
        }
    }

    private void checkResources(Manifest manifest, ResourceRequirements resources) {
        if (resources == null) {
            problem(manifest, "missing resources (requests and limits)");
            return;
        }
        checkQuantities(manifest, resources.getRequests(), "requests");
        checkQuantities(manifest, resources.getLimits(), "limits");
        if (resources.getRequests() != null && resources.getLimits() != null) {
            for (String kind : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests().get(kind);
                Quantity limit = resources.getLimits().get(kind);
                if (request != null && limit != null && parses(request) && parses(limit)
                        && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                    problem(manifest, "resources.requests." + kind + " is above resources.limits." + kind);
                }
            }
        }
    }

    private void checkQuantities(Manifest manifest, Map<String, Quantity> quantities, String which) {
        for (String kind : List.of("cpu", "memory")) {
            Quantity quantity = quantities == null ? null : quantities.get(kind);
            if (quantity == null) {
                problem(manifest, "missing resources." + which + "." + kind);
            } else if (!parses(quantity)) {
                problem(manifest, "resources." + which + "." + kind + " '" + quantity + "' is not a quantity");
            }
        }
    }

    private static boolean parses(Quantity quantity) {
        try {
            Quantity.getAmountInBytes(quantity);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void checkEnvironment(Manifest manifest, Container container, FunctionSources function,
                                  Map<String, ConfigMap> configMaps, boolean pushedTo) {
        boolean triggerOff = false;
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String name = env.getName();
            if (TRIGGER_SWITCH.equals(name)) {
                triggerOff = "false".equals(env.getValue());
            }
            if (env.getValue() != null && SECRET_NAME.matcher(name).matches()) {
                problem(manifest, "env " + name + " has a literal value: take it from a Secret (secretKeyRef)");
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                ConfigMap configMap = configMaps.get(ref.getName());
                if (configMap == null) {
                    problem(manifest, "env " + name + " refers to ConfigMap " + ref.getName() + ", which is not here");
                } else if (configMap.getData() == null || !configMap.getData().containsKey(ref.getKey())) {
                    problem(manifest, "env " + name + " refers to key " + ref.getKey() + " that ConfigMap "
                            + ref.getName() + " lacks");
                }
            }
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                if (ref.getName() == null || ref.getKey() == null) {
                    problem(manifest, "env " + name + " secretKeyRef needs name and key");
                }
            }
            checkRead(manifest, function, name, "env " + name);
        }
        if (pushedTo && !triggerOff) {
            problem(manifest, "env " + TRIGGER_SWITCH + " must be \"false\" where a KafkaSource pushes events:"
                    + " a Kafka pull consumer cannot scale to zero (eventfold.kafka-trigger.enabled)");
        }
        for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
            if (from.getSecretRef() != null) {
                continue;
            }
            if (from.getConfigMapRef() == null) {
                continue;
            }
            String configMapName = from.getConfigMapRef().getName();
            ConfigMap configMap = configMaps.get(configMapName);
            if (configMap == null) {
                problem(manifest, "envFrom ConfigMap " + configMapName + " is not here");
                continue;
            }
            if (from.getPrefix() != null) {
                problem(manifest, "envFrom ConfigMap " + configMapName + " with a prefix: keys are env names here");
            }
            for (String key : configMap.getData() == null ? Set.<String>of() : configMap.getData().keySet()) {
                // Named by the ConfigMap's file: that is where the key is written.
                checkRead(configMapFiles.get(configMapName), function, key, "key " + key + " (env of Service "
                        + manifest.name() + ")");
            }
        }
    }

    private void checkRead(Manifest manifest, FunctionSources function, String envName, String what) {
        if (function.exists() && !function.readsEnv(envName)) {
            problem(manifest, what + " sets a config key that functions/" + function.name() + " does not read");
        }
    }

    /** A ConfigMap that no Service takes sets keys that nobody reads. */
    private void checkConfigMapsAreUsed(Map<Manifest, Object> typed) {
        Set<String> used = new TreeSet<>();
        typed.values().forEach(object -> {
            if (object instanceof Service service && service.getSpec() != null
                    && service.getSpec().getTemplate() != null && service.getSpec().getTemplate().getSpec() != null
                    && service.getSpec().getTemplate().getSpec().getContainers() != null) {
                for (Container container : service.getSpec().getTemplate().getSpec().getContainers()) {
                    if (container.getEnvFrom() != null) {
                        container.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null)
                                .forEach(f -> used.add(f.getConfigMapRef().getName()));
                    }
                    if (container.getEnv() != null) {
                        container.getEnv().stream().filter(e -> e.getValueFrom() != null
                                        && e.getValueFrom().getConfigMapKeyRef() != null)
                                .forEach(e -> used.add(e.getValueFrom().getConfigMapKeyRef().getName()));
                    }
                }
            }
        });
        typed.values().forEach(object -> {
            if (object instanceof Broker broker && broker.getSpec() != null && broker.getSpec().getConfig() != null
                    && "ConfigMap".equals(broker.getSpec().getConfig().getKind())) {
                used.add(broker.getSpec().getConfig().getName());
            }
        });
        typed.forEach((manifest, object) -> {
            if (object instanceof ConfigMap && !used.contains(manifest.name())) {
                problem(manifest, "no Service takes this ConfigMap: its keys are read by nobody");
            }
        });
    }

    /** A volume's claim must be a PersistentVolumeClaim here, or the revision never becomes ready. */
    private void checkClaimsExist(Map<Manifest, Object> typed) {
        Set<String> claims = byName(typed, io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class).keySet();
        typed.forEach((manifest, object) -> {
            if (object instanceof Service service && service.getSpec() != null
                    && service.getSpec().getTemplate() != null && service.getSpec().getTemplate().getSpec() != null
                    && service.getSpec().getTemplate().getSpec().getVolumes() != null) {
                service.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getPersistentVolumeClaim() != null)
                        .map(v -> v.getPersistentVolumeClaim().getClaimName())
                        .filter(claim -> !claims.contains(claim))
                        .forEach(claim -> problem(manifest, "volume claim " + claim
                                + " names no PersistentVolumeClaim here"));
            }
        });
    }

    // --- KafkaSources, sinks, topics, triggers

    private void checkKafkaSource(Manifest manifest, KafkaSource source, Map<Manifest, Object> typed,
                                  String prefix, String bootstrap) {
        var spec = source.getSpec();
        if (spec == null) {
            problem(manifest, "no spec");
            return;
        }
        checkBootstrap(manifest, spec.getBootstrapServers(), bootstrap);
        if (spec.getTopics() == null || spec.getTopics().isEmpty()) {
            problem(manifest, "no topics");
        } else {
            spec.getTopics().forEach(topic -> checkTopicName(manifest, topic, prefix));
        }
        if (spec.getConsumerGroup() == null || spec.getConsumerGroup().isBlank()) {
            problem(manifest, "no consumerGroup");
        }
        if (!Set.of("earliest", "latest").contains(String.valueOf(spec.getInitialOffset()))) {
            problem(manifest, "initialOffset must be earliest or latest, was " + spec.getInitialOffset());
        }
        String sinkService = serviceName(manifest, spec.getSink(), "sink", typed);
        checkDelivery(manifest, spec.getDelivery(), typed);
        Map<String, String> annotations = source.getMetadata().getAnnotations() == null
                ? Map.of() : source.getMetadata().getAnnotations();
        String order = annotations.get(DELIVERY_ORDER);
        if (sinkService == null) {
            return;
        }
        checkOrder(manifest, sinkService, order);
        checkTopicsCarryMappedTypes(manifest, function(sinkService), spec.getTopics(), prefix);
        Set<String> groups = function(sinkService).kafkaGroups();
        if (spec.getConsumerGroup() != null && !groups.isEmpty() && !groups.contains(spec.getConsumerGroup())) {
            problem(manifest, "consumerGroup " + spec.getConsumerGroup() + " differs from the group.id of "
                    + sinkService + "'s Kafka trigger " + groups + ": switching triggers would start over from"
                    + " initialOffset");
        }
    }

    private void checkOrder(Manifest manifest, String service, String order) {
        if (order != null && !Set.of("ordered", "unordered").contains(order)) {
            problem(manifest, DELIVERY_ORDER + " must be ordered or unordered, was " + order);
        }
        if (service.endsWith("-aggregator") && !"ordered".equals(order)) {
            problem(manifest, service + " is an aggregator: annotation " + DELIVERY_ORDER
                    + ": ordered is required (a fold needs a key's events in order)");
        }
    }

    /** Every subscribed topic carries a type the function maps, and every mapped type's topic is subscribed. */
    private void checkTopicsCarryMappedTypes(Manifest manifest, FunctionSources function, List<String> topics,
                                             String prefix) {
        if (!function.exists() || topics == null) {
            return;
        }
        if (function.mappedTypes().isEmpty()) {
            problem(manifest, "functions/" + function.name() + " maps no CloudEvent type that its sources show"
                    + " (@CloudEventMapping, funqy mapping, consumes()): nothing it would accept");
            return;
        }
        Set<String> needed = new TreeSet<>();
        for (String type : function.mappedTypes()) {
            EventType.of(type).ifPresentOrElse(
                    eventType -> needed.add(eventType.topic().topicName(prefix)),
                    () -> problems.add(new Problem("functions/" + function.name(),
                            "maps CloudEvent type " + type + ", which is not in EventType")));
        }
        for (String topic : topics) {
            if (!needed.contains(topic)) {
                problem(manifest, "topic " + topic + " carries no type that " + function.name() + " maps "
                        + function.mappedTypes());
            }
        }
        for (String topic : needed) {
            if (!topics.contains(topic)) {
                problem(manifest, function.name() + " maps types carried by " + topic
                        + ", which this KafkaSource does not subscribe: those events never arrive");
            }
        }
        Set<String> offered = new TreeSet<>();
        for (EventType type : EventType.values()) {
            if (topics.contains(type.topic().topicName(prefix))) {
                offered.add(type.type());
            }
        }
        Set<String> refused = new TreeSet<>(offered);
        refused.removeAll(function.typesFunqyAccepts(offered));
        if (!refused.isEmpty()) {
            problem(manifest, "functions/" + function.name() + " sets no quarkus.funqy.export and its Funqy"
                    + " functions map only " + function.routedTypes() + ": the other types of " + topics + " " + refused
                    + " would be answered 404, retried and dead-lettered (export the one function and answer 2xx for"
                    + " types it does not consume, or filter with a Trigger)");
        }
    }

    private void checkDelivery(Manifest manifest, DeliverySpec delivery, Map<Manifest, Object> typed) {
        if (delivery == null) {
            problem(manifest, "no delivery (retry, backoff, deadLetterSink)");
            return;
        }
        if (delivery.getRetry() == null || delivery.getRetry() < 1) {
            problem(manifest, "delivery.retry must be at least 1");
        }
        if (!"exponential".equals(delivery.getBackoffPolicy())) {
            problem(manifest, "delivery.backoffPolicy must be exponential");
        }
        try {
            if (delivery.getBackoffDelay() == null || Duration.parse(delivery.getBackoffDelay()).isNegative()) {
                problem(manifest, "delivery.backoffDelay must be an ISO-8601 duration such as PT0.5S");
            }
        } catch (DateTimeParseException e) {
            problem(manifest, "delivery.backoffDelay '" + delivery.getBackoffDelay() + "' is not ISO-8601 (PT0.5S)");
        }
        Destination dls = delivery.getDeadLetterSink();
        if (dls == null || dls.getRef() == null) {
            problem(manifest, "delivery.deadLetterSink.ref is missing: a poison event would block or vanish");
            return;
        }
        KReference ref = dls.getRef();
        boolean found = typed.keySet().stream().anyMatch(m -> m.kind().equals(ref.getKind())
                && m.name().equals(ref.getName()) && m.apiVersion().equals(ref.getApiVersion()));
        if (!found) {
            problem(manifest, "deadLetterSink names " + ref.getApiVersion() + " " + ref.getKind() + " "
                    + ref.getName() + ", which is not here");
        }
    }

    /** The Service a destination names, or null after reporting why it names none. */
    private String serviceName(Manifest manifest, Destination destination, String what, Map<Manifest, Object> typed) {
        if (destination == null || destination.getRef() == null) {
            problem(manifest, what + ".ref is missing");
            return null;
        }
        KReference ref = destination.getRef();
        if (!"Service".equals(ref.getKind()) || !"serving.knative.dev/v1".equals(ref.getApiVersion())) {
            problem(manifest, what + " must name a serving.knative.dev/v1 Service, names " + ref.getApiVersion()
                    + " " + ref.getKind());
            return null;
        }
        boolean found = typed.entrySet().stream()
                .anyMatch(e -> e.getValue() instanceof Service && e.getKey().name().equals(ref.getName()));
        if (!found) {
            problem(manifest, what + " names Service " + ref.getName() + ", which is not here");
            return null;
        }
        return ref.getName();
    }

    private void checkTopicName(Manifest manifest, String topic, String prefix) {
        if (topic == null || topic.isBlank()) {
            problem(manifest, "no topic");
            return;
        }
        boolean known = java.util.Arrays.stream(Topic.values()).anyMatch(t -> t.topicName(prefix).equals(topic));
        if (!known) {
            problem(manifest, "topic " + topic + " is not in the catalog dev.eventfold.model.Topic under prefix "
                    + prefix);
        }
    }

    private void checkBootstrap(Manifest manifest, List<String> servers, String configured) {
        if (servers == null || servers.isEmpty()) {
            problem(manifest, "no bootstrapServers");
        } else if (configured != null && !String.join(",", servers).equals(configured)) {
            problem(manifest, "bootstrapServers " + String.join(",", servers)
                    + " differ from KAFKA_BOOTSTRAP_SERVERS in eventfold-config (" + configured + ")");
        }
    }

    private void checkKafkaTopic(Manifest manifest, KafkaTopic topic, String prefix) {
        if (topic.spec() == null) {
            problem(manifest, "no spec");
            return;
        }
        checkTopicName(manifest, topic.topicName(), prefix);
        if (topic.spec().partitions() == null || topic.spec().partitions() < 1) {
            problem(manifest, "spec.partitions must be at least 1");
        }
        if (topic.spec().replicas() == null || topic.spec().replicas() < 1) {
            problem(manifest, "spec.replicas must be at least 1");
        }
        if (topic.metadata().getLabels() == null || topic.metadata().getLabels().get("strimzi.io/cluster") == null) {
            problem(manifest, "missing label strimzi.io/cluster: no Topic Operator would manage it");
        }
        java.util.Arrays.stream(Topic.values()).filter(t -> t.topicName(prefix).equals(topic.topicName()))
                .findFirst().ifPresent(catalog -> {
                    boolean compacted = Objects.equals(topic.config("cleanup.policy"), "compact");
                    if (catalog.compacted() && !compacted) {
                        problem(manifest, "Topic." + catalog + " carries latest state: cleanup.policy must be compact");
                    }
                    if (!catalog.compacted() && compacted) {
                        problem(manifest, "Topic." + catalog + " is a log, not latest state: it must not be compacted");
                    }
                    if (!catalog.compacted() && topic.config("retention.ms") == null) {
                        problem(manifest, "no retention.ms in spec.config: retention would be the broker default");
                    }
                });
        String minIsr = topic.config("min.insync.replicas");
        if (minIsr != null && topic.spec().replicas() != null && Integer.parseInt(minIsr) > topic.spec().replicas()) {
            problem(manifest, "min.insync.replicas " + minIsr + " above replicas " + topic.spec().replicas()
                    + ": every acks=all write would fail");
        }
    }

    private void checkTrigger(Manifest manifest, Trigger trigger, Map<String, Service> services,
                              Map<Manifest, Object> typed, String prefix) {
        if (trigger.getSpec() == null) {
            problem(manifest, "no spec");
            return;
        }
        Broker broker = byName(typed, Broker.class).get(trigger.getSpec().getBroker());
        if (broker == null) {
            problem(manifest, "spec.broker names no Broker here (" + trigger.getSpec().getBroker() + ")");
        }
        checkDelivery(manifest, trigger.getSpec().getDelivery(), typed);
        String service = serviceName(manifest, trigger.getSpec().getSubscriber(), "subscriber", typed);
        if (service == null) {
            return;
        }
        Map<String, String> annotations = trigger.getMetadata().getAnnotations() == null
                ? Map.of() : trigger.getMetadata().getAnnotations();
        checkOrder(manifest, service, annotations.get(DELIVERY_ORDER));
        FunctionSources function = function(service);
        Map<String, String> attributes = trigger.getSpec().getFilter() == null
                || trigger.getSpec().getFilter().getAttributes() == null
                ? Map.of() : trigger.getSpec().getFilter().getAttributes();
        String type = attributes.get("type");
        String brokerTopic = broker == null || broker.getMetadata().getAnnotations() == null
                ? null : broker.getMetadata().getAnnotations().get(EXTERNAL_TOPIC);
        if (type == null) {
            if (brokerTopic != null && function.exists()) {
                Set<String> offered = new TreeSet<>();
                for (EventType eventType : EventType.values()) {
                    if (eventType.topic().topicName(prefix).equals(brokerTopic)) {
                        offered.add(eventType.type());
                    }
                }
                Set<String> refused = new TreeSet<>(offered);
                refused.removeAll(function.typesFunqyAccepts(offered));
                if (!refused.isEmpty()) {
                    problem(manifest, "no type filter, and functions/" + service + " routes by type without"
                            + " quarkus.funqy.export: " + refused + " would be answered 404, retried and dead-lettered");
                }
            }
            return;
        }
        Optional<EventType> eventType = EventType.of(type);
        if (eventType.isEmpty()) {
            problem(manifest, "filter type " + type + " is not in the catalog dev.eventfold.model.EventType");
        } else if (!function.mappedTypes().contains(type) || function.typesFunqyAccepts(Set.of(type)).isEmpty()) {
            problem(manifest, "filter type " + type + " is not mapped by functions/" + service + " (maps "
                    + function.mappedTypes() + "): every event would be refused");
        } else if (brokerTopic != null && !eventType.get().topic().topicName(prefix).equals(brokerTopic)) {
            problem(manifest, "filter type " + type + " travels on " + eventType.get().topic().topicName(prefix)
                    + ", but Broker " + trigger.getSpec().getBroker() + " reads " + brokerTopic + ": nothing would match");
        }
    }

    private void checkBroker(Manifest manifest, Broker broker, Map<String, ConfigMap> configMaps, String prefix,
                             String bootstrap) {
        Map<String, String> annotations = broker.getMetadata().getAnnotations() == null
                ? Map.of() : broker.getMetadata().getAnnotations();
        if (!"Kafka".equals(annotations.get("eventing.knative.dev/broker.class"))) {
            problem(manifest, "annotation eventing.knative.dev/broker.class must be Kafka (these deployments run the"
                    + " Kafka broker only)");
        }
        String topic = annotations.get(EXTERNAL_TOPIC);
        if (topic == null) {
            problem(manifest, "no " + EXTERNAL_TOPIC + ": the broker would keep its own copy of the log");
        } else {
            checkTopicName(manifest, topic, prefix);
        }
        KReference config = broker.getSpec() == null ? null : broker.getSpec().getConfig();
        if (config == null || !"ConfigMap".equals(config.getKind()) || !configMaps.containsKey(config.getName())) {
            problem(manifest, "spec.config must name a ConfigMap here (bootstrap.servers)");
            return;
        }
        ConfigMap configMap = configMaps.get(config.getName());
        String servers = configMap.getData() == null ? null : configMap.getData().get("bootstrap.servers");
        if (servers == null) {
            problem(manifest, "ConfigMap " + config.getName() + " has no bootstrap.servers");
        } else if (bootstrap != null && !servers.equals(bootstrap)) {
            problem(manifest, "bootstrap.servers of ConfigMap " + config.getName() + " (" + servers
                    + ") differ from KAFKA_BOOTSTRAP_SERVERS in eventfold-config (" + bootstrap + ")");
        }
    }

    // --- helpers

    private FunctionSources function(String name) {
        return functions.computeIfAbsent(name, n -> FunctionSources.read(functionsDir, n));
    }

    private static <T> Map<String, T> byName(Map<Manifest, Object> typed, Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        typed.forEach((manifest, object) -> {
            if (type.isInstance(object)) {
                found.put(manifest.name(), type.cast(object));
            }
        });
        return found;
    }

    private void problem(Manifest manifest, String message) {
        problems.add(new Problem(manifest.location(), manifest.kind() + " " + manifest.name() + ": " + message));
    }
}
