package dev.eventfold.ingest.publish;

/** Kafka did not acknowledge every event of a request in time: a transient fault, answered with 503. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
