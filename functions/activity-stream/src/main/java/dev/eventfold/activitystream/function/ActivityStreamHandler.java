package dev.eventfold.activitystream.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import dev.eventfold.runtime.processing.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runtime's intake (events topic, Funqy or pull): only the API keys, which the runtime folds for every stateful
 * function so that {@code POST /activity/tokens} authenticates like the read APIs. The derived events themselves
 * reach the pod through {@link DerivedTopicConsumer}, which every replica runs on its own.
 */
@ApplicationScoped
public class ActivityStreamHandler implements EventHandler {

    public static final String FUNCTION_NAME = "activity-stream";

    /** What the dashboard shows: every derived type of the catalog. */
    public static final Set<EventType> SHOWN = Arrays.stream(EventType.values()).filter(EventType::derived)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String functionName() {
        return FUNCTION_NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return Set.of();
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        return Uni.createFrom().item(List.of());
    }
}
