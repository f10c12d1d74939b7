package dev.eventfold.localstack.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionCatalogTest {

    @TempDir
    Path root;

    @Test
    void everyFunctionFolderButTheRuntimeLibrariesIsListedIngestFirstAndOnlyBuiltOnesCanStart() throws Exception {
        function("runtime", true);
        function("runtime-core", true);
        function("delivery", true);
        function("user-aggregator", true);
        function("campaign-aggregator", false);
        function("ingest", true);
        Files.createDirectories(root.resolve("functions/notes"));   // no pom.xml: not a function

        var functions = FunctionCatalog.all(root);

        assertThat(functions).extracting(FunctionCatalog.Function::name)
                .containsExactly("ingest", "campaign-aggregator", "user-aggregator");
        assertThat(functions).filteredOn(FunctionCatalog.Function::isBuilt).extracting(FunctionCatalog.Function::name)
                .containsExactly("ingest", "user-aggregator");
    }

    @Test
    void ingestTrustsTheSimulatorAsProxyAndGeoEnricherGetsTheDemoDatabases() {
        var common = java.util.Map.of("kafka.bootstrap.servers", "127.0.0.1:1");
        var geoIp = new DemoGeoIp(root.resolve("city.mmdb"), root.resolve("asn.mmdb"), root.resolve("anon.mmdb"), "test");
        assertThat(FunctionCatalog.config(FunctionCatalog.INGEST, common, geoIp))
                .containsEntry("eventfold.ingest.trusted-proxies", "127.0.0.1/32")
                .containsEntry("eventfold.admin.token", FunctionCatalog.ADMIN_TOKEN)
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:1")
                .containsEntry("eventfold.kafka-trigger.enabled", "true")
                .doesNotContainKey("eventfold.geoip.city-db");
        assertThat(FunctionCatalog.config("geo-enricher", common, geoIp))
                .containsEntry("eventfold.geoip.city-db", root.resolve("city.mmdb").toAbsolutePath().toString())
                .containsEntry("eventfold.geoip.asn-db", root.resolve("asn.mmdb").toAbsolutePath().toString())
                .containsEntry("eventfold.geoip.anonymous-db", root.resolve("anon.mmdb").toAbsolutePath().toString());
    }

    @Test
    void functionsThatRefuseToStartWithoutAKeyGetALocalOne() {
        var common = java.util.Map.of("kafka.bootstrap.servers", "127.0.0.1:1");
        var geoIp = new DemoGeoIp(root.resolve("city.mmdb"), root.resolve("asn.mmdb"), root.resolve("anon.mmdb"), "test");

        String credentialKey = FunctionCatalog.config("integrations", common, geoIp)
                .get("eventfold.integrations.credential-key");
        assertThat(java.util.Base64.getDecoder().decode(credentialKey)).hasSize(32);
        assertThat(FunctionCatalog.config("activity-stream", common, geoIp))
                .containsKey("eventfold.activity.token.signing-key");
    }

    private void function(String name, boolean built) throws Exception {
        Path folder = Files.createDirectories(root.resolve("functions").resolve(name));
        Files.writeString(folder.resolve("pom.xml"), "<project/>");
        if (built) {
            Path jar = folder.resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
    }
}
