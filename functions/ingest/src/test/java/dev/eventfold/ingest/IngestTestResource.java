package dev.eventfold.ingest;

import dev.eventfold.localstack.EventfoldTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Map;

/**
 * The shared local stack (real broker, fresh database, random topic prefix), plus injection of that topic prefix
 * into test fields marked {@link TopicPrefix}: the test then reads the very topic the application writes, also when
 * the application runs as a packaged jar in another JVM.
 */
public class IngestTestResource extends EventfoldTestResource {

    /** Marks a String field that receives the application's {@code eventfold.topic-prefix}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface TopicPrefix {
    }

    private String prefix;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        prefix = config.get("eventfold.topic-prefix");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(prefix, field -> field.getType() == String.class && Arrays.stream(field.getAnnotations())
                .anyMatch(a -> a.annotationType().getName().equals(TopicPrefix.class.getName())));
    }
}
