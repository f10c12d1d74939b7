package dev.eventfold.ingest;

import dev.eventfold.localstack.EventfoldTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared local stack (real broker, fresh database, random topic prefix) plus ingest's test settings (pepper, admin
 * token, pixel signing key, 127.0.0.1 as the trusted proxy), handed to the application also when it runs as a packaged jar; and
 * injection of the topic prefix into test fields marked {@link TopicPrefix}, so the test reads the very topic the
 * application writes.
 */
public class IngestTestResource extends EventfoldTestResource {

    public static final String PEPPER = "test-pepper";
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String PIXEL_SIGNING_KEY = "test-pixel-signing-key-0123456789";

    /** Marks a String field that receives the application's {@code eventfold.topic-prefix}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface TopicPrefix {
    }

    private String prefix;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        prefix = config.get("eventfold.topic-prefix");
        config.put("eventfold.api-key.pepper", PEPPER);
        config.put("eventfold.admin.token", ADMIN_TOKEN);
        config.put("eventfold.ingest.pixel.signing-key", PIXEL_SIGNING_KEY);
        config.put("eventfold.ingest.trusted-proxies", "127.0.0.1/32,::1/128");
        config.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        config.put("quarkus.log.category.\"kafka\".level", "WARN");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(prefix, field -> field.getType() == String.class && Arrays.stream(field.getAnnotations())
                .anyMatch(a -> a.annotationType().getName().equals(TopicPrefix.class.getName())));
    }
}
