package dev.eventfold.runtime.trigger;



/** What the runtime did with one event. */
public enum Outcome {
    /** New: the state change and the dedup record committed together; derived events were emitted. */
    APPLIED,
    /** Already processed before: nothing applied, nothing emitted. */
    DUPLICATE,
    /** Not a type this function consumes: acknowledged, nothing stored. */
    SKIPPED,
    /** Can never apply: sent to the dead-letter topic (Kafka path only). */
    DEAD_LETTERED
}
