package dev.eventfold.useraggregator.replay;

import dev.eventfold.model.Topic;

import java.time.Duration;

/**
 * The replay command: {@code java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*"
 * dev.eventfold.useraggregator.replay.ReplayMain --bootstrap-servers HOST:PORT [--topic-prefix eventfold]
 * [--schema user_aggregator_vN] [--emit]}, PostgreSQL from the PG* environment variables.
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String prefix = env("EVENTFOLD_TOPIC_PREFIX", Topic.DEFAULT_PREFIX);
        String schema = null;
        boolean emit = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--topic-prefix" -> prefix = args[++i];
                case "--schema" -> schema = args[++i];
                case "--emit" -> emit = true;
                default -> {
                    System.err.println("usage: ReplayMain [--bootstrap-servers HOST:PORT] [--topic-prefix P] "
                            + "[--schema user_aggregator_vN] [--emit]   (PostgreSQL from PGHOST, PGPORT, PGDATABASE, "
                            + "PGUSER, PGPASSWORD)");
                    System.exit(2);
                }
            }
        }
        ReplaySettings settings = new ReplaySettings(bootstrap, prefix, env("PGHOST", "localhost"),
                Integer.parseInt(env("PGPORT", "5432")), env("PGDATABASE", "eventfold"), env("PGUSER", "postgres"),
                env("PGPASSWORD", ""), schema, emit, Duration.ofSeconds(2), System.out);
        ProjectionReplay.Result result = new ProjectionReplay(settings).run();
        System.out.println("replay: done, " + result);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
