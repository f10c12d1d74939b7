package dev.eventfold.localstack.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which functions a local run starts, read from the project: every folder under functions/ (but the runtime library)
 * whose packaged application exists; plus the few settings particular to one of them.
 */
public final class FunctionCatalog {

    static final String INGEST = "ingest";
    static final String ADMIN_TOKEN = "local-admin-token";
    static final String PEPPER = "local-pepper-not-for-production";
    static final String PIXEL_SIGNING_KEY = "local-pixel-key-not-for-production";

    private FunctionCatalog() {
    }

    /** A function folder and its packaged application (which may not be built). */
    public record Function(String name, Path folder) {
        public Path jar() {
            return folder.resolve("target/quarkus-app/quarkus-run.jar");
        }

        public boolean isBuilt() {
            return Files.isRegularFile(jar());
        }
    }

    /** Folders under functions/ that are the libraries functions stand on, not functions. */
    static final Set<String> RUNTIME_LIBRARIES = Set.of("runtime", "runtime-core", "delivery");

    /** Every function folder of the project, ingest first. */
    public static List<Function> all(Path projectRoot) {
        try (Stream<Path> folders = Files.list(projectRoot.resolve("functions"))) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("pom.xml")))
                    .filter(f -> !RUNTIME_LIBRARIES.contains(f.getFileName().toString()))
                    .map(f -> new Function(f.getFileName().toString(), f))
                    .sorted((a, b) -> a.name().equals(INGEST) ? -1 : b.name().equals(INGEST) ? 1
                            : a.name().compareTo(b.name()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String ACTIVITY_STREAM = "activity-stream";
    static final String ACTIVITY_TOKEN_KEY = "local-activity-token-key-not-for-production";
    static final String INTEGRATIONS = "integrations";
    /** integrations' AES-256 key of stored credentials for local runs: 32 bytes, base64, never a production key. */
    static final String INTEGRATIONS_CREDENTIAL_KEY = java.util.Base64.getEncoder().encodeToString(
            "local-integrations-key-32-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    /** The configuration every function gets, then the settings of the named one. */
    public static Map<String, String> config(String name, Map<String, String> common, DemoGeoIp geoIp) {
        return config(name, common, geoIp, Map.of());
    }

    /**
     * The configuration every function gets, then the settings of the named one; {@code peers} are the base URLs of
     * the functions of this run (activity-stream's dashboard proxies the aggregators' read APIs).
     */
    public static Map<String, String> config(String name, Map<String, String> common, DemoGeoIp geoIp,
                                             Map<String, URI> peers) {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.put("eventfold.kafka-trigger.enabled", "true");
        config.put("eventfold.api-key.pepper", PEPPER);
        switch (name) {
            case INGEST -> {
                config.put("eventfold.admin.token", ADMIN_TOKEN);
                // the simulator sends each visitor's address in X-Forwarded-For from loopback, as a proxy would
                config.put("eventfold.ingest.trusted-proxies", "127.0.0.1/32");
                config.put("eventfold.ingest.pixel.buffer-size", "50000");
                config.put("eventfold.ingest.pixel.signing-key", PIXEL_SIGNING_KEY);
            }
            case "geo-enricher" -> config.putAll(geoIp.config());
            case INTEGRATIONS -> config.put("eventfold.integrations.credential-key", INTEGRATIONS_CREDENTIAL_KEY);
            case ACTIVITY_STREAM -> {
                config.put("eventfold.activity.token.signing-key", ACTIVITY_TOKEN_KEY);
                if (peers.containsKey("campaign-aggregator")) {
                    config.put("eventfold.activity.read-apis.campaign-aggregator", peers.get("campaign-aggregator").toString());
                }
                if (peers.containsKey("user-aggregator")) {
                    config.put("eventfold.activity.read-apis.user-aggregator", peers.get("user-aggregator").toString());
                }
            }
            default -> {
            }
        }
        return config;
    }
}
