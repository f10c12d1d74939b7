package dev.eventfold.localstack;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A real Apache Kafka broker (KRaft) in this JVM, on loopback and free ports. One per JVM is enough. */
public final class KafkaBroker {

    private static EmbeddedKafkaBroker shared;

    private KafkaBroker() {
    }

    /** Starts the JVM's broker on first use and returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (shared == null) {
            shared = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(freePort())
                    .withControllerPort(freePort())
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("auto.create.topics.enable", "true");
                        p.put("num.partitions", "3");
                        p.put("group.initial.rebalance.delay.ms", "0");
                        p.put("offsets.topic.num.partitions", "3");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
        }
        return shared.getAdvertisedListeners().replaceAll("^[A-Z_]+://", "");
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
