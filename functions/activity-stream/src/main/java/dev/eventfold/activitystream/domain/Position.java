package dev.eventfold.activitystream.domain;

/** Where an item sits on the log: a derived topic (by its catalog suffix), a partition and an offset. */
public record Position(String topic, int partition, long offset) {

    /** The partition's key in a {@link Cursor}: {@code <suffix>/<partition>}. */
    public String partitionKey() {
        return topic + "/" + partition;
    }
}
