package dev.eventfold.knative;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads manifest files into {@link Manifest}s and each of those into its typed object, generated from the real
 * schemas: fabric8's Kubernetes, Gateway API and Knative models, Strimzi's api model. Read as
 * {@code kubectl apply --validate=strict} reads them: a field the schema does not know is reported
 * ({@link #unknownFields}), and a scalar of the wrong type (an unquoted {@code 0} where a string goes, a quoted
 * {@code "6"} where an integer goes) does not parse, as the API server's typed decoding refuses it.
 */
public final class ManifestReader {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** For this module's own records: a field they do not know is an error, as a structural CRD schema would. */
    static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    /** For the typed models: no scalar coercion (the models keep unknown fields, {@link #unknownFields} finds them). */
    static final ObjectMapper TYPED = strictScalars(new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false));

    private static ObjectMapper strictScalars(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The typed model of each kind these manifests may hold, by apiVersion and kind. Whether the supported platform
     * versions serve that apiVersion is {@link SupportedApis}' question; a kind without a model here is a problem.
     */
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("serving.knative.dev/v1/Service", Service.class),
            Map.entry("sources.knative.dev/v1/KafkaSource", KafkaSource.class),
            Map.entry("sources.knative.dev/v1/PingSource", io.fabric8.knative.sources.v1.PingSource.class),
            Map.entry("sources.knative.dev/v1beta1/KafkaSource", io.fabric8.knative.sources.v1beta1.KafkaSource.class),
            Map.entry("eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class),
            Map.entry("eventing.knative.dev/v1/Trigger", Trigger.class),
            Map.entry("eventing.knative.dev/v1/Broker", Broker.class),
            // Strimzi's model is one class for every version it ever served (the schemas' spec is the same).
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class));

    private ManifestReader() {
    }

    /** Every YAML document of one file; {@code name} is how problems will name the file. */
    public static List<Manifest> read(Path path, String name) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(Files.readString(path))) {
            var documents = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IOException(name + ": document " + index + " is not a mapping");
                }
                manifests.add(new Manifest(name, index++, (ObjectNode) document));
            }
        }
        return manifests;
    }

    public static boolean isKnownKind(Manifest manifest) {
        return KINDS.containsKey(manifest.apiVersion() + "/" + manifest.kind());
    }

    /** The typed object of a manifest; throws {@link IllegalArgumentException} naming what does not parse. */
    public static Object typed(Manifest manifest) {
        Class<?> type = KINDS.get(manifest.apiVersion() + "/" + manifest.kind());
        if (type == null) {
            throw new IllegalArgumentException("unknown apiVersion/kind " + manifest.apiVersion() + " " + manifest.kind());
        }
        return typed(manifest, type);
    }

    public static <T> T typed(Manifest manifest, Class<T> type) {
        try {
            ObjectMapper mapper = isModel(type) ? TYPED : STRICT_YAML;
            return mapper.treeToValue(manifest.raw(), type);
        } catch (IOException | IllegalArgumentException e) {
            String at = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                    && !mapping.getPath().isEmpty() ? " at " + path(mapping) : "";
            String why = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                    ? mapping.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("does not parse as " + type.getSimpleName() + at + ": "
                    + why.lines().findFirst().orElse(""), e);
        }
    }

    /** The field path of a mapping error, e.g. {@code spec.template.metadata.annotations.min-scale}. */
    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean isModel(Class<?> type) {
        return type.getPackageName().startsWith("io.fabric8") || type.getPackageName().startsWith("io.strimzi");
    }

    /**
     * Fields that the model did not recognise (fabric8's and Strimzi's keep them as additional properties instead
     * of failing), with their paths: a misspelt {@code readinesProbe} would otherwise pass unnoticed.
     */
    public static List<String> unknownFields(Object typed) {
        List<String> found = new ArrayList<>();
        collectUnknown(typed, "", found);
        return found;
    }

    private static void collectUnknown(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknown(item, path + "." + key, found));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || getter.isBridge()
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> found.add(path.isEmpty() ? String.valueOf(key) : path + "." + key));
                }
                continue;
            }
            String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectUnknown(child, path.isEmpty() ? property : path + "." + property, found);
        }
    }
}
