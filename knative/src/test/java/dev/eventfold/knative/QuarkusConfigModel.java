package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Quarkus's own configuration keys in one packaged application, read from the config model that every extension
 * jar carries ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}, written by Quarkus's annotation
 * processor): each key's environment-variable name and its phase. So a QUARKUS_* variable is checked against the
 * extensions this function really contains, in the versions it was built with.
 */
public final class QuarkusConfigModel {

    private static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Environment name (or, for map and named keys, the part before the first {@code __}) to phase. */
    private final Map<String, String> phases = new TreeMap<>();
    private final Map<String, String> prefixPhases = new TreeMap<>();
    private int extensions;

    private QuarkusConfigModel() {
    }

    /** The model of the application under {@code quarkus-app} (its {@code lib/main} jars). */
    public static QuarkusConfigModel of(Path quarkusApp) {
        QuarkusConfigModel model = new QuarkusConfigModel();
        try (Stream<Path> jars = Files.list(quarkusApp.resolve("lib/main"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entry = file.getJarEntry(MODEL);
                    if (entry != null) {
                        model.extensions++;
                        try (InputStream in = file.getInputStream(entry)) {
                            model.walk(JSON.readTree(in));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }

    public int extensions() {
        return extensions;
    }

    public int keys() {
        return phases.size();
    }

    /** The phase (RUN_TIME, BUILD_TIME, BUILD_AND_RUN_TIME_FIXED) of the key this variable sets; empty if unknown. */
    public Optional<String> phase(String envName) {
        String exact = phases.get(envName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prefixPhases.entrySet().stream().filter(e -> envName.startsWith(e.getKey() + "_"))
                .map(Map.Entry::getValue).findFirst();
    }

    private void walk(JsonNode node) {
        if (node.isObject()) {
            JsonNode path = node.path("path");
            if (path.has("environmentVariable") && node.has("phase")) {
                add(path.path("environmentVariable").asText(), node.path("phase").asText());
                for (JsonNode additional : node.path("additionalPaths")) {
                    add(additional.path("environmentVariable").asText(), node.path("phase").asText());
                }
            }
            node.fields().forEachRemaining(field -> walk(field.getValue()));
        } else if (node.isArray()) {
            node.forEach(this::walk);
        }
    }

    private void add(String envName, String phase) {
        if (envName.isEmpty()) {
            return;
        }
        int placeholder = envName.indexOf("__");
        if (placeholder < 0) {
            phases.putIfAbsent(envName, phase);
        } else {
            prefixPhases.putIfAbsent(envName.substring(0, placeholder), phase);
        }
    }
}
