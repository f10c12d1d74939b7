package dev.eventfold.runtime.emit;



/** Headers the runtime adds to a dead-lettered record: why, and where the record came from when known. */
public final class DeadLetterHeaders {

    public static final String REASON = "dead-letter-reason";
    public static final String FUNCTION = "dead-letter-function";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
