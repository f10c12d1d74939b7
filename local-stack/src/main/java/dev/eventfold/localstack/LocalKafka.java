package dev.eventfold.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real Apache Kafka broker (KRaft, combined broker and controller) as a child JVM, for local runs. */
public final class LocalKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess process;
    private final String bootstrapServers;
    private final Path dataDir;

    private LocalKafka(ChildProcess process, String bootstrapServers, Path dataDir) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Formats (once) a data dir under the folder, starts the broker on free loopback ports and waits until it answers. */
    public static LocalKafka start(Path folder) {
        return start(folder, JavaClasspath.forKafka());
    }

    /** As {@link #start(Path)}, with the class path holding kafka_2.13 given. */
    public static LocalKafka start(Path folder, String classPath) {
        Path dir = folder.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = KafkaBroker.freePort();
        int controllerPort = KafkaBroker.freePort();
        Path properties = writeServerProperties(dir, port, controllerPort);
        List<Path> logging = writeLoggingConfig(dir);
        Path logFile = dir.resolve("kafka.log");
        ChildProcess.run("kafka-storage-format", javaCommand(classPath, logging, "kafka.tools.StorageTool",
                        "format", "--ignore-formatted", "--cluster-id", clusterId(dir), "--config", properties.toString()),
                dir, logFile, Duration.ofMinutes(2));
        ChildProcess broker = ChildProcess.start("kafka", javaCommand(classPath, logging, "kafka.Kafka",
                properties.toString()), dir, Map.of(), logFile);
        LocalKafka kafka = new LocalKafka(broker, "127.0.0.1:" + port, dir.resolve("data"));
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logFile() {
        return process.logFile();
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited while starting; see " + logFile() + "\n"
                            + process.tail(30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for Kafka", notYet);
                    }
                }
            }
        }
        throw new IllegalStateException("Kafka did not answer within " + READY_TIMEOUT + "; see " + logFile());
    }

    private static Path writeServerProperties(Path dir, int port, int controllerPort) {
        String text = String.join("\n",
                "# Written by dev.eventfold.localstack.LocalKafka at each start (ports change).",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        return write(dir.resolve("server.properties"), text);
    }

    /** Logging of the broker to standard output (the log file): log4j2 for Kafka's own, JBoss LogManager for SLF4J. */
    private static List<Path> writeLoggingConfig(Path dir) {
        String jboss = String.join("\n",
                "logger.level=INFO",
                "logger.handlers=CONSOLE",
                "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
                "handler.CONSOLE.properties=autoFlush,target",
                "handler.CONSOLE.autoFlush=true",
                "handler.CONSOLE.target=SYSTEM_OUT",
                "handler.CONSOLE.formatter=PATTERN",
                "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
                "formatter.PATTERN.properties=pattern",
                "formatter.PATTERN.pattern=[%d{yyyy-MM-dd HH:mm:ss,SSS}] %p %s%e (%c)%n",
                "");
        return List.of(writeLog4j(dir), write(dir.resolve("logging.properties"), jboss));
    }

    private static Path writeLog4j(Path dir) {
        String text = String.join("\n",
                "Configuration:",
                "  Appenders:",
                "    Console:",
                "      name: STDOUT",
                "      PatternLayout:",
                "        pattern: \"[%d] %p %m (%c)%n\"",
                "  Loggers:",
                "    Root:",
                "      level: INFO",
                "      AppenderRef:",
                "        - ref: STDOUT",
                "");
        return write(dir.resolve("log4j2.yaml"), text);
    }

    /** The cluster id kept beside the data, so that a reused data dir keeps matching it. */
    private static String clusterId(Path dir) {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            String id = org.apache.kafka.common.Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaCommand(String classPath, List<Path> logging, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + logging.get(0),
                "-Dlogging.configuration=" + logging.get(1).toUri(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker (controlled shutdown, then killed if it lingers); the data dir stays for a later run. */
    @Override
    public void close() {
        process.close();
    }
}
