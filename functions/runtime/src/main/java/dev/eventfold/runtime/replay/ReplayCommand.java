package dev.eventfold.runtime.replay;

import dev.eventfold.model.Topic;

import java.time.Duration;

/**
 * The replay command line, shared by every stateful function's {@code …replay.ReplayMain}: {@code
 * [--bootstrap-servers HOST:PORT] [--topic-prefix P] [--schema <base>_vN | --switch-to <version>] [--emit]},
 * PostgreSQL from the PG* environment variables. Without a version it builds the next fresh one.
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    public static void main(ReplayFold fold, String[] args) {
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String prefix = env("EVENTFOLD_TOPIC_PREFIX", Topic.DEFAULT_PREFIX);
        String schema = null;
        boolean switchBack = false;
        boolean emit = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap-servers" -> bootstrap = args[++i];
                    case "--topic-prefix" -> prefix = args[++i];
                    case "--schema" -> schema = args[++i];
                    case "--switch-to" -> {
                        schema = args[++i];
                        switchBack = true;
                    }
                    case "--emit" -> emit = true;
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            String base = fold.versions().base();
            System.err.println("usage: ReplayMain [--bootstrap-servers HOST:PORT] [--topic-prefix P] [--schema "
                    + base + "_vN | --switch-to " + base + "[_vN]] [--emit]   (PostgreSQL from PGHOST, PGPORT, "
                    + "PGDATABASE, PGUSER, PGPASSWORD)");
            System.exit(2);
        }
        ReplaySettings settings = new ReplaySettings(bootstrap, prefix, env("PGHOST", "localhost"),
                Integer.parseInt(env("PGPORT", "5432")), env("PGDATABASE", "eventfold"), env("PGUSER", "postgres"),
                env("PGPASSWORD", ""), schema, switchBack, emit, Duration.ofSeconds(2), System.out);
        ProjectionReplay.Result result = new ProjectionReplay(fold, settings).run();
        System.out.println("replay: done, " + result);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
