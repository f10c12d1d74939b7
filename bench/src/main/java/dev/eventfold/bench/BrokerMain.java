package dev.eventfold.bench;

import dev.eventfold.localstack.KafkaBroker;

import java.io.IOException;

/**
 * The benchmark's broker as a child process, so that the broker's heap and GC stay out of every measured JVM:
 * prints {@code BOOTSTRAP host:port} once the broker is up and stops when its standard input closes.
 */
public final class BrokerMain {

    public static final String READY = "BOOTSTRAP ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = KafkaBroker.bootstrapServers();
        System.out.println(READY + bootstrap);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin (or die)
        }
        System.exit(0);
    }
}
