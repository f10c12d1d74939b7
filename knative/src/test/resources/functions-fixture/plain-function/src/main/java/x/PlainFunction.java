package x;

public class PlainFunction {
    @Funq
    @CloudEventMapping(trigger = "dev.eventfold.page.viewed", responseType = "dev.eventfold.page.viewed.enriched")
    public Uni<Void> enrich(CloudEvent<JsonNode> event) {
        return null;
    }

    public void other(@ConfigProperty(defaultValue = "5", name = "plain.limit") int limit) {
    }
}

class ConstantTrigger {
    static final String TRIGGER = "dev.eventfold.page.clicked";

    @Funq
    @CloudEventMapping(responseType = "x", trigger = TRIGGER)
    public void clicked(CloudEvent<JsonNode> event) {
    }
}
