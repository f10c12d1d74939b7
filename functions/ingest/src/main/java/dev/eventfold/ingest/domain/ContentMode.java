package dev.eventfold.ingest.domain;

import java.util.Locale;
import java.util.Optional;

/** How a request to {@code POST /events} carries its CloudEvents, told by its media type. */
public enum ContentMode {
    /** {@code application/cloudevents+json}: one event, attributes and data in the JSON body. */
    STRUCTURED,
    /** {@code application/json} with {@code ce-*} headers: one event, the body is its data. */
    BINARY,
    /** {@code application/cloudevents-batch+json}: a JSON array of structured events. */
    BATCH;

    public static final String STRUCTURED_TYPE = "application/cloudevents+json";
    public static final String BATCH_TYPE = "application/cloudevents-batch+json";
    public static final String BINARY_TYPE = "application/json";

    /** The mode of a {@code Content-Type} header value (parameters such as charset ignored); empty when unknown. */
    public static Optional<ContentMode> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (media) {
            case STRUCTURED_TYPE -> Optional.of(STRUCTURED);
            case BATCH_TYPE -> Optional.of(BATCH);
            case BINARY_TYPE -> Optional.of(BINARY);
            default -> Optional.empty();
        };
    }
}
