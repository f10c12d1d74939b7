package dev.eventfold.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** Command-line options of the benchmark; every one has a default that fits a 2-core machine in minutes. */
record Options(int events, int users, int reps, int httpEvents, int httpWarmUp, int concurrency, int ingestEvents, Set<String> only,
               boolean profile, Path root, Path out) {

    static final Set<String> PARTS = Set.of("ceiling", "streams", "streams-eos", "user-aggregator",
            "campaign-aggregator", "funqy", "ingest");

    static Options parse(String[] args) {
        int events = 100_000;
        int users = 10_000;
        int reps = 3;
        int http = 40_000;
        int warmUp = 60_000;
        int concurrency = 32;
        int ingest = 20_000;
        Set<String> only = new TreeSet<>(PARTS);
        boolean profile = false;
        Path root = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--http-events" -> http = Integer.parseInt(args[++i]);
                case "--http-warm-up" -> warmUp = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--ingest-events" -> ingest = Integer.parseInt(args[++i]);
                case "--only" -> only = new TreeSet<>(Arrays.asList(args[++i].split(",")));
                case "--partitions" -> System.setProperty("bench.partitions", Integer.toString(Integer.parseInt(args[++i])));
                case "--profile" -> profile = true;
                case "--root" -> root = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("""
                            java -jar bench/target/bench.jar [options]   (or bench/run.sh [options])
                              --events N         events in the user workload (100000)
                              --users K          distinct users (10000)
                              --reps R           runs per Kafka contender, the table shows the median (3)
                              --http-events N    events delivered over HTTP to the Funqy endpoint (40000)
                              --http-warm-up N   events sent first and not counted, for the JIT (60000)
                              --concurrency C    concurrent HTTP deliveries (32)
                              --ingest-events N  events posted to ingest per mode (20000)
                              --only a,b         parts: %s
                              --partitions P     partitions of the events topic and the outputs (3)
                              --profile          record user-aggregator's Kafka run with JFR and summarise it
                              --root DIR         project root whose functions/*/target jars are run (default: found
                                                 from the working directory)
                              --out FILE         where the markdown goes (default: <root>/bench/results/latest.md)
                            """.formatted(String.join(",", new TreeSet<>(PARTS))));
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        for (String part : only) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part " + part + "; parts are " + PARTS);
            }
        }
        Path r = root != null ? root.toAbsolutePath() : findRoot();
        return new Options(events, users, reps, http, warmUp, concurrency, ingest, only, profile, r,
                out != null ? out.toAbsolutePath() : r.resolve("bench/results/latest.md"));
    }

    boolean runs(String part) {
        return only.contains(part);
    }

    /** The directory holding the root pom and functions/, from the working directory upwards. */
    static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("bench"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run from inside the Eventfold project (or pass --root)");
    }
}
