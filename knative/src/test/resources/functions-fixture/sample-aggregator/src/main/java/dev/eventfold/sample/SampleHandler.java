package dev.eventfold.sample;

public class SampleHandler implements EventHandler {
    private static final Set<EventType> CONSUMES = EnumSet.of(EventType.USER_CREATED,
            EventType.USER_UPDATED);

    @ConfigProperty(name = "sample.batch-size", defaultValue = "10")
    int batchSize;

    public Set<EventType> consumes() {
        if (batchSize > 0) {
            return Set.of(EventType.PAGE_SENT, EventType.PAGE_CLICKED);
        }
        return CONSUMES;
    }

    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        return EventType.of(event.type()).map(t -> t == EventType.ORGANIZATION_CREATED).orElse(false) ? null : null;
    }
}
