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
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

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
import java.util.TreeMap;
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
    static final List<String> SCALE_ANNOTATIONS = List.of(AdmissionRules.MIN_SCALE, AdmissionRules.TARGET,
            AdmissionRules.SCALE_DOWN_DELAY, AdmissionRules.MAX_SCALE);
    /** Read by the Kafka Broker's Trigger reconciler only; a KafkaSource has {@code spec.ordering} instead. */
    static final String DELIVERY_ORDER = "kafka.eventing.knative.dev/delivery.order";
    static final String TRIGGER_ORDER_SOURCE = "https://github.com/knative-extensions/eventing-kafka-broker/blob/"
            + "knative-v1.23.0/control-plane/pkg/reconciler/trigger/trigger.go (deliveryOrderAnnotation)";
    static final String VISIBILITY = "networking.knative.dev/visibility";
    static final String CLUSTER_LOCAL = "cluster-local";
    static final String VISIBILITY_SOURCE = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "pkg/apis/serving/register.go (VisibilityClusterLocal)";
    /** config-autoscaler's container-concurrency-target-percentage default: the autoscaler aims at target x 70 %. */
    static final double TARGET_UTILIZATION = 0.70;
    static final String TARGET_UTILIZATION_SOURCE = "https://github.com/knative/serving/blob/knative-v1.23.0/"
            + "config/core/configmaps/autoscaler.yaml (container-concurrency-target-percentage)";
    static final String EXTERNAL_TOPIC = "kafka.eventing.knative.dev/external.topic";
    static final String TRIGGER_SWITCH = "EVENTFOLD_KAFKA_TRIGGER_ENABLED";
    /** The ConfigMap of the infrastructure every function shares (PG*, KAFKA_BOOTSTRAP_SERVERS, topic prefix). */
    static final String SHARED_CONFIG = "eventfold-config";
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
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
            SupportedApis.notServed(manifest.apiVersion(), manifest.kind()).ifPresent(why -> problem(manifest, why));
            if (!ManifestReader.isKnownKind(manifest)) {
                problem(manifest, "unknown apiVersion/kind " + manifest.apiVersion() + " " + manifest.kind()
                        + " (no typed model for it here)");
                continue;
            }
            try {
                Object object = ManifestReader.typed(manifest);
                typed.put(manifest, object);
                ManifestReader.unknownFields(object).forEach(field -> problem(manifest, "unknown field " + field));
                admission(manifest, object);
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
                topicsDeclared.add(topicName(topic));
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
        checkReachableScale(typed);
        checkApiKeysArrive(typed, prefix);
        typed.forEach((manifest, object) -> {
            if (object instanceof HTTPRoute route) {
                checkReadApiRoute(manifest, route, services, pushedTo);
            }
        });
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

    /** The admission rules of the kind's webhook or CRD that its schema cannot express ({@link AdmissionRules}). */
    private void admission(Manifest manifest, Object object) {
        java.util.function.BiConsumer<String, String> report = (field, message) ->
                problem(manifest, (field.isEmpty() ? "" : field + ": ") + message);
        if (object instanceof Service service) {
            AdmissionRules.service(service, report);
        } else if (object instanceof KafkaSource source) {
            AdmissionRules.kafkaSource(source, report);
        } else if (object instanceof KafkaTopic topic) {
            AdmissionRules.kafkaTopic(topic, report);
        }
    }

    /** The Knative Serving feature flags (config-features) that these manifests need enabled. */
    public static Set<String> requiredFeatures(List<Manifest> manifests) {
        Set<String> features = new TreeSet<>();
        for (Manifest manifest : manifests) {
            if (ManifestReader.isKnownKind(manifest) && ManifestReader.typed(manifest) instanceof Service service) {
                features.addAll(AdmissionRules.requiredFeatures(service));
            }
        }
        return features;
    }

    // --- every resource

    private void checkMetadata(Manifest manifest) {
        if (!DNS_1123.matcher(manifest.name()).matches() || manifest.name().length() > 253) {
            problem(manifest, "metadata.name '" + manifest.name() + "' is not a DNS-1123 name");
        }
        checkLabels(manifest, manifest.labels(), "metadata.labels");
        if (manifest.kind().equals("Service")) {
            JsonNode template = manifest.raw().path("spec").path("template").path("metadata");
            checkLabels(manifest, template.path("labels"), "spec.template.metadata.labels");
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
        for (String annotation : SCALE_ANNOTATIONS) {
            if (!annotations.containsKey(annotation)) {
                problem(manifest, "missing annotation " + annotation + " in spec.template.metadata.annotations");
            }
        }
        String visibility = service.getMetadata().getLabels() == null
                ? null : service.getMetadata().getLabels().get(VISIBILITY);
        if (pushedTo && !CLUSTER_LOCAL.equals(visibility)) {
            problem(manifest, "metadata.labels." + VISIBILITY + " must be " + CLUSTER_LOCAL + " (is " + visibility
                    + "): a KafkaSource or Trigger feeds this Service, and its Funqy endpoint POST / takes the tenant"
                    + " from ce-orgid; only the event source may reach it (" + VISIBILITY_SOURCE + ")");
        } else if (visibility != null && !CLUSTER_LOCAL.equals(visibility)) {
            problem(manifest, "metadata.labels." + VISIBILITY + " '" + visibility + "' is not " + CLUSTER_LOCAL
                    + ": Knative treats any other value as public");
        }
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
        Set<String> provided = new TreeSet<>();
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String name = env.getName();
            provided.add(name);
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
            checkNotBypassed(manifest, function, name, "env " + name);
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
                provided.add(key);
                // Named by the ConfigMap's file: that is where the key is written.
                Manifest file = configMapFiles.get(configMapName);
                String what = "key " + key + " (env of Service " + manifest.name() + ")";
                if (SHARED_CONFIG.equals(configMapName)) {
                    // The same infrastructure for every function: a key here must be read by some function (a
                    // stateless one ignores PG*), not by each.
                    checkSharedRead(file, key);
                } else {
                    checkRead(file, function, key, what);
                }
                checkNotBypassed(file, function, key, what);
            }
        }
        if (function.exists()) {
            for (String variable : function.requiredVariables()) {
                if (!provided.contains(variable)) {
                    problem(manifest, "functions/" + function.name() + " needs " + variable + " (no default in"
                            + " production: a start without it is refused) and the Service does not set it");
                }
            }
        }
    }

    /** A key that the runtime builds from a shared variable, set directly, would give this function its own. */
    private void checkNotBypassed(Manifest manifest, FunctionSources function, String envName, String what) {
        function.bypassedVariable(envName).ifPresent(variable -> problem(manifest, what + " bypasses " + variable
                + ": the runtime builds that key from " + variable + ", and every function reads the same"
                + " variables (eventfold-config, Secret eventfold-db)"));
    }

    private void checkSharedRead(Manifest manifest, String envName) {
        boolean read = FunctionSources.moduleNames(functionsDir).stream()
                .anyMatch(name -> function(name).readsEnv(envName));
        if (!read) {
            problem(manifest, "key " + envName + " of " + SHARED_CONFIG + " sets a config key that no function reads");
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
        if (spec.getTopics() != null) {
            spec.getTopics().forEach(topic -> checkTopicName(manifest, topic, prefix));
        }
        if (spec.getConsumerGroup() == null || spec.getConsumerGroup().isBlank()) {
            problem(manifest, "no consumerGroup");
        }
        String sinkService = serviceName(manifest, spec.getSink(), "sink", typed);
        checkDelivery(manifest, spec.getDelivery(), typed);
        Map<String, String> annotations = source.getMetadata().getAnnotations() == null
                ? Map.of() : source.getMetadata().getAnnotations();
        if (annotations.containsKey(DELIVERY_ORDER)) {
            problem(manifest, "annotation " + DELIVERY_ORDER + " does nothing on a KafkaSource: its controller reads"
                    + " spec.ordering");
        }
        if (sinkService == null) {
            return;
        }
        checkOrder(manifest, sinkService, ordering(source), "spec.ordering");
        checkTopicsCarryMappedTypes(manifest, function(sinkService), spec.getTopics(), prefix);
        Set<String> groups = function(sinkService).kafkaGroups();
        if (spec.getConsumerGroup() != null && !groups.isEmpty() && !groups.contains(spec.getConsumerGroup())) {
            problem(manifest, "consumerGroup " + spec.getConsumerGroup() + " differs from the group.id of "
                    + sinkService + "'s Kafka trigger " + groups + ": switching triggers would start over from"
                    + " initialOffset");
        }
    }

    private void checkOrder(Manifest manifest, String service, String order, String field) {
        if (service.endsWith("-aggregator") && !"ordered".equals(order)) {
            problem(manifest, service + " is an aggregator: " + field
                    + ": ordered is required (a fold needs a key's events in order)");
        }
    }

    /** A KafkaSource's delivery order: spec.ordering, ordered when unset (the defaulting webhook's value). */
    static String ordering(KafkaSource source) {
        return source.getSpec() == null || source.getSpec().getOrdering() == null
                ? "ordered" : source.getSpec().getOrdering();
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
            if (FunctionSources.CONTROL_PLANE.contains(type)) {
                continue; // folded by every stateful function; may arrive through a Trigger of their own
            }
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
        if (topic.getSpec() == null) {
            problem(manifest, "no spec");
            return;
        }
        checkTopicName(manifest, topicName(topic), prefix);
        if (topic.getSpec().getPartitions() == null) {
            problem(manifest, "no spec.partitions: the broker default would decide the ordered parallelism");
        }
        if (topic.getSpec().getReplicas() == null) {
            problem(manifest, "no spec.replicas: the broker default would decide the durability");
        }
        if (topic.getMetadata().getLabels() == null || topic.getMetadata().getLabels().get("strimzi.io/cluster") == null) {
            problem(manifest, "missing label strimzi.io/cluster: no Topic Operator would manage it");
        }
        java.util.Arrays.stream(Topic.values()).filter(t -> t.topicName(prefix).equals(topicName(topic)))
                .findFirst().ifPresent(catalog -> {
                    boolean compacted = Objects.equals(config(topic, "cleanup.policy"), "compact");
                    if (catalog.compacted() && !compacted) {
                        problem(manifest, "Topic." + catalog + " carries latest state: cleanup.policy must be compact");
                    }
                    if (!catalog.compacted() && compacted) {
                        problem(manifest, "Topic." + catalog + " is a log, not latest state: it must not be compacted");
                    }
                    if (!catalog.compacted() && config(topic, "retention.ms") == null) {
                        problem(manifest, "no retention.ms in spec.config: retention would be the broker default");
                    }
                });
        String minIsr = config(topic, "min.insync.replicas");
        Integer replicas = topic.getSpec().getReplicas();
        if (minIsr != null && replicas != null && Integer.parseInt(minIsr) > replicas) {
            problem(manifest, "min.insync.replicas " + minIsr + " above replicas " + replicas
                    + ": every acks=all write would fail");
        }
    }

    /** The topic's name in Kafka: spec.topicName, or the resource name when that is absent (Strimzi's rule). */
    static String topicName(KafkaTopic topic) {
        return topic.getSpec() != null && topic.getSpec().getTopicName() != null
                ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
    }

    private static String config(KafkaTopic topic, String key) {
        Map<String, Object> config = topic.getSpec() == null ? null : topic.getSpec().getConfig();
        return config == null || config.get(key) == null ? null : String.valueOf(config.get(key));
    }

    /**
     * Every event-fed function that folds the API-key events (the stateful runtime does, whatever its handler
     * consumes) receives both of them, issued and revoked, from a KafkaSource on their topic or a Trigger: a function
     * that hears of issued keys but not of revocations keeps accepting a revoked key on its API.
     */
    private void checkApiKeysArrive(Map<Manifest, Object> typed, String prefix) {
        Map<String, Set<String>> arriving = new TreeMap<>();
        Set<String> fedBy = new TreeSet<>();
        Map<String, Broker> brokers = byName(typed, Broker.class);
        typed.forEach((manifest, object) -> {
            if (object instanceof KafkaSource source && source.getSpec() != null && source.getSpec().getSink() != null
                    && source.getSpec().getSink().getRef() != null && source.getSpec().getTopics() != null) {
                String service = source.getSpec().getSink().getRef().getName();
                fedBy.add(service);
                for (EventType type : EventType.values()) {
                    if (source.getSpec().getTopics().contains(type.topic().topicName(prefix))) {
                        arriving.computeIfAbsent(service, k -> new TreeSet<>()).add(type.type());
                    }
                }
            } else if (object instanceof Trigger trigger && trigger.getSpec() != null
                    && trigger.getSpec().getSubscriber() != null && trigger.getSpec().getSubscriber().getRef() != null) {
                String service = trigger.getSpec().getSubscriber().getRef().getName();
                fedBy.add(service);
                String type = trigger.getSpec().getFilter() == null || trigger.getSpec().getFilter().getAttributes() == null
                        ? null : trigger.getSpec().getFilter().getAttributes().get("type");
                Broker broker = brokers.get(trigger.getSpec().getBroker());
                String brokerTopic = broker == null || broker.getMetadata().getAnnotations() == null
                        ? null : broker.getMetadata().getAnnotations().get(EXTERNAL_TOPIC);
                for (EventType eventType : EventType.values()) {
                    boolean onBroker = brokerTopic == null || eventType.topic().topicName(prefix).equals(brokerTopic);
                    if (onBroker && (type == null || type.equals(eventType.type()))) {
                        arriving.computeIfAbsent(service, k -> new TreeSet<>()).add(eventType.type());
                    }
                }
            }
        });
        typed.forEach((manifest, object) -> {
            String service = manifest.name();
            if (!(object instanceof Service) || !fedBy.contains(service)) {
                return;
            }
            FunctionSources function = function(service);
            if (!function.exists() || !function.mappedTypes().containsAll(FunctionSources.CONTROL_PLANE)) {
                return;
            }
            Set<String> missing = new TreeSet<>(FunctionSources.CONTROL_PLANE);
            missing.removeAll(arriving.getOrDefault(service, Set.of()));
            if (!missing.isEmpty()) {
                problem(manifest, service + " folds the API-key events, but no KafkaSource or Trigger here delivers "
                        + missing + " to it: its API would go on accepting keys it never heard of being revoked"
                        + " (or never accept new ones)");
            }
        });
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
        String order = annotations.get(DELIVERY_ORDER);
        if (order != null && !Set.of("ordered", "unordered").contains(order)) {
            problem(manifest, "annotation " + DELIVERY_ORDER + " must be ordered or unordered, was " + order + " ("
                    + TRIGGER_ORDER_SOURCE + ")");
        }
        // The Kafka Broker's Trigger default is unordered.
        checkOrder(manifest, service, order == null ? "unordered" : order, "annotation " + DELIVERY_ORDER);
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

    /**
     * With ordered delivery a KafkaSource keeps at most one request per partition in flight, however many pods run;
     * the autoscaler aims at target x utilization per pod. A max-scale above ceil(in flight / that) is never
     * reached, and reads as a capacity the Service does not have.
     */
    private void checkReachableScale(Map<Manifest, Object> typed) {
        Map<String, Integer> partitions = new HashMap<>();
        typed.values().forEach(object -> {
            if (object instanceof KafkaTopic topic && topic.getSpec() != null && topic.getSpec().getPartitions() != null) {
                partitions.put(topicName(topic), topic.getSpec().getPartitions());
            }
        });
        typed.forEach((manifest, object) -> {
            if (!(object instanceof Service service) || service.getSpec() == null
                    || service.getSpec().getTemplate() == null || service.getSpec().getTemplate().getMetadata() == null
                    || service.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
                return;
            }
            Map<String, String> annotations = service.getSpec().getTemplate().getMetadata().getAnnotations();
            List<KafkaSource> sources = new ArrayList<>();
            boolean otherFeeds = false;
            for (Object other : typed.values()) {
                if (other instanceof KafkaSource source && source.getSpec() != null && source.getSpec().getSink() != null
                        && source.getSpec().getSink().getRef() != null
                        && manifest.name().equals(source.getSpec().getSink().getRef().getName())) {
                    if ("ordered".equals(ordering(source))) {
                        sources.add(source);
                    } else {
                        otherFeeds = true;
                    }
                } else if (other instanceof Trigger trigger && trigger.getSpec() != null
                        && trigger.getSpec().getSubscriber() != null && trigger.getSpec().getSubscriber().getRef() != null
                        && manifest.name().equals(trigger.getSpec().getSubscriber().getRef().getName())) {
                    otherFeeds = true;
                }
            }
            if (sources.isEmpty() || otherFeeds || "rps".equals(annotations.get(AdmissionRules.METRIC))) {
                return;
            }
            int inFlight = 0;
            List<String> topics = new ArrayList<>();
            for (KafkaSource source : sources) {
                for (String topic : source.getSpec().getTopics() == null ? List.<String>of() : source.getSpec().getTopics()) {
                    if (!partitions.containsKey(topic)) {
                        return;
                    }
                    inFlight += partitions.get(topic);
                    topics.add(topic + " (" + partitions.get(topic) + ")");
                }
            }
            try {
                double target = Double.parseDouble(annotations.getOrDefault(AdmissionRules.TARGET, "100"));
                double utilization = annotations.containsKey(AdmissionRules.TARGET_UTILIZATION)
                        ? Double.parseDouble(annotations.get(AdmissionRules.TARGET_UTILIZATION)) / 100
                        : TARGET_UTILIZATION;
                int maxScale = Integer.parseInt(annotations.getOrDefault(AdmissionRules.MAX_SCALE, "0"));
                int reachable = (int) Math.ceil(inFlight / (target * utilization));
                if (maxScale > reachable) {
                    problem(manifest, "spec.template.metadata.annotations." + AdmissionRules.MAX_SCALE + " " + maxScale
                            + " is never reached: ordered delivery keeps at most " + inFlight + " requests in flight"
                            + " (one per partition of " + String.join(", ", topics) + "), and the autoscaler aims at"
                            + " target " + annotations.get(AdmissionRules.TARGET) + " x " + Math.round(utilization * 100)
                            + " % per pod, so it asks for " + reachable + " pods at most (" + TARGET_UTILIZATION_SOURCE
                            + "); more throughput needs more partitions");
                }
            } catch (NumberFormatException e) {
                // The admission rules report the annotation that does not parse.
            }
        });
    }

    /**
     * A read API's route: it reaches a cluster-local Knative Service here through the Host rewrite (the backend is
     * the networking layer's local gateway), and only with GET or HEAD on a path other than "/" and /q/... (health
     * and metrics), or POST on one Exact path of its own, so that the Funqy endpoint (POST /, POST /&lt;function&gt;)
     * stays out of reach.
     */
    private void checkReadApiRoute(Manifest manifest, HTTPRoute route, Map<String, Service> services,
                                   Set<String> pushedTo) {
        var rules = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule>of() : route.getSpec().getRules();
        if (rules.isEmpty()) {
            problem(manifest, "spec.rules is empty: the route serves nothing");
        }
        String namespace = route.getMetadata().getNamespace();
        for (int r = 0; r < rules.size(); r++) {
            var rule = rules.get(r);
            String at = "spec.rules[" + r + "]";
            String host = rule.getFilters() == null ? null : rule.getFilters().stream()
                    .filter(f -> "URLRewrite".equals(f.getType()) && f.getUrlRewrite() != null)
                    .map(f -> f.getUrlRewrite().getHostname()).filter(Objects::nonNull).findFirst().orElse(null);
            String service = host == null ? null : host.substring(0, host.indexOf('.') < 0 ? host.length() : host.indexOf('.'));
            String expectedSuffix = "." + (namespace == null ? "" : namespace) + ".svc.cluster.local";
            if (host == null) {
                problem(manifest, at + ".filters: no URLRewrite hostname: the local gateway routes by Host to"
                        + " <service>.<namespace>.svc.cluster.local");
            } else if (!services.containsKey(service)
                    || (namespace == null ? !host.endsWith(".svc.cluster.local") : !host.endsWith(expectedSuffix))
                    || host.chars().filter(c -> c == '.').count() != 4) {
                problem(manifest, at + ".filters[].urlRewrite.hostname " + host + " is not <service>."
                        + (namespace == null ? "<namespace>" : namespace) + ".svc.cluster.local of a Knative Service"
                        + " here");
            }
            if (rule.getMatches() == null || rule.getMatches().isEmpty()) {
                problem(manifest, at + ".matches is empty: the rule matches every request, POST / included");
                continue;
            }
            for (int m = 0; m < rule.getMatches().size(); m++) {
                var match = rule.getMatches().get(m);
                String where = at + ".matches[" + m + "]";
                String path = match.getPath() == null || match.getPath().getValue() == null ? "/" : match.getPath().getValue();
                // a POST is let through only on one exact path of its own (activity-stream's POST /activity/tokens),
                // never on / or /<service>, where the Funqy endpoint listens
                // (nor on the operator's /admin/... nor on /q/...)
                boolean exactPost = "POST".equals(String.valueOf(match.getMethod())) && match.getPath() != null
                        && "Exact".equals(match.getPath().getType()) && !path.equals("/")
                        && (service == null || !path.equals("/" + service))
                        && !path.startsWith("/admin/") && !path.startsWith("/q/");
                if (!Set.of("GET", "HEAD").contains(String.valueOf(match.getMethod())) && !exactPost) {
                    problem(manifest, where + ".method is " + match.getMethod() + ": a read API route matches GET or"
                            + " HEAD only (or POST on one Exact path of its own), or it reaches the Funqy endpoint (POST /,"
                            + " POST /<function>)");
                }
                if (RouteMatcher.matches(match, String.valueOf(match.getMethod()), "/")
                        || RouteMatcher.matches(match, String.valueOf(match.getMethod()), "/q/health")) {
                    problem(manifest, where + ".path " + path + " covers / or /q/ (health, metrics): name the read"
                            + " API's own paths");
                }
            }
            if (service != null && !pushedTo.contains(service) && services.containsKey(service)) {
                problem(manifest, at + " routes to Service " + service + ", which no event source feeds: a public"
                        + " Service needs no read-API route");
            }
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
