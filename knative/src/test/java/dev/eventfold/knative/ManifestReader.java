package dev.eventfold.knative;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;

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
 * Reads manifest files into {@link Manifest}s and each of those into its typed object: fabric8's Kubernetes and
 * Knative models, or this module's records where fabric8 has none (Strimzi's KafkaTopic).
 */
public final class ManifestReader {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** For this module's own records: a field they do not know is an error, as a structural CRD schema would. */
    static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The kinds these manifests may hold, by apiVersion and kind; anything else is a problem. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "serving.knative.dev/v1/Service", Service.class,
            "sources.knative.dev/v1/KafkaSource", KafkaSource.class,
            "sources.knative.dev/v1/PingSource", io.fabric8.knative.sources.v1.PingSource.class,
            "eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class,
            "eventing.knative.dev/v1/Trigger", Trigger.class,
            "eventing.knative.dev/v1/Broker", Broker.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class);

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
            ObjectMapper mapper = type.getPackageName().startsWith("io.fabric8") ? YAML : STRICT_YAML;
            return mapper.treeToValue(manifest.raw(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("does not parse as " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Fields that fabric8's model did not recognise (it keeps them as additional properties instead of
     * failing), with their paths: a misspelt {@code readinesProbe} would otherwise pass unnoticed.
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
        if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
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
