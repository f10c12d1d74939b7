package dev.eventfold.bench.peer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WARN and above on the root logger, set in code. bench.jar's class path holds quarkus-bootstrap-runner, whose
 * JBoss LogManager configurator wins over bench's logging.properties and leaves every logger at ALL: Kafka's
 * clients then format a TRACE line for every record they consume and send (StreamTask.doProcess,
 * RecordAccumulator.setPartition: 20–25% of the Kafka Streams peer's CPU with JFR) before a handler drops it.
 * Every JVM the bench starts from its own class path (the bench itself, the ceiling, the Kafka Streams peer) calls
 * this first.
 */
public final class QuietLogging {

    private QuietLogging() {
    }

    public static void apply() {
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
