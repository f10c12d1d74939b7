package dev.eventfold.localstack;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A real Apache Kafka broker (KRaft) in this JVM, on loopback and free ports. One per JVM is enough. */
public final class KafkaBroker {

    /** System property holding the bootstrap servers, so that every class loader of the JVM shares one broker. */
    static final String BOOTSTRAP_PROPERTY = "eventfold.local-stack.kafka.bootstrap";
    private static final int ATTEMPTS = 3;

    private static EmbeddedKafkaBroker shared;

    private KafkaBroker() {
    }

    /** Starts the JVM's broker on first use and returns its bootstrap servers. */
    public static String bootstrapServers() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(BOOTSTRAP_PROPERTY);
            if (running != null) {
                return running;
            }
            shared = startWithRetries();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
            String bootstrap = shared.getAdvertisedListeners().replaceAll("^[A-Z_]+://", "");
            System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
            return bootstrap;
        }
    }

    /**
     * Bootstrap servers where no broker listens (a port that was free a moment ago), for tests of what a function
     * does while Kafka is unreachable.
     */
    public static String unreachableBootstrapServers() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free ports can be taken by another process between probing and binding: try again on new ones. */
    private static EmbeddedKafkaBroker startWithRetries() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(freePort())
                    .withControllerPort(freePort())
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("auto.create.topics.enable", "true");
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                        p.put("offsets.topic.num.partitions", "3");
                        // the log cleaner looks for compactable logs every 200 ms instead of 15 s, for compaction tests
                        p.put("log.cleaner.backoff.ms", "200");
                    });
            try {
                return broker.start();
            } catch (RuntimeException e) {
                last = e;
                closeQuietly(broker);
            }
        }
        throw new IllegalStateException("The in-JVM Kafka broker did not start after " + ATTEMPTS + " attempts", last);
    }

    private static void closeQuietly(EmbeddedKafkaBroker broker) {
        try {
            broker.close();
        } catch (RuntimeException ignored) {
            // it never ran; nothing to stop
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
