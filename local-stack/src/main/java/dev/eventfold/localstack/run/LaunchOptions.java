package dev.eventfold.localstack.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The launcher's command line: simulation size, whether to keep the system up and whether to keep state. */
public record LaunchOptions(Path projectRoot, int pages, int visits, int users, boolean keepRunning, boolean reuse,
                            List<String> only) {

    static final String USAGE = """
            Usage: local-stack/run.sh [options]
              --pages N        pages in the simulated campaign (default 100000)
              --visits N       tracking-pixel hits after the mailing (default 20000)
              --users N        users who sign up and log in (default 200)
              --keep-running   leave every process running after the summary, until Ctrl-C
              --reuse          keep the broker's data and the database of the previous run (default: reset)
              --only a,b       start only these functions (ingest is always started)
              --no-build       (run.sh) skip the Maven build
            """;

    /** Parses the arguments; throws IllegalArgumentException with the usage on anything unknown. */
    public static LaunchOptions parse(Path projectRoot, String... args) {
        int pages = 100_000;
        int visits = 20_000;
        int users = 200;
        boolean keepRunning = false;
        boolean reuse = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pages" -> pages = number(args, ++i);
                case "--visits" -> visits = number(args, ++i);
                case "--users" -> users = number(args, ++i);
                case "--keep-running" -> keepRunning = true;
                case "--reuse" -> reuse = true;
                case "--only" -> only.addAll(List.of(value(args, ++i).split(",")));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new LaunchOptions(projectRoot, pages, visits, users, keepRunning, reuse, List.copyOf(only));
    }

    private static int number(String[] args, int i) {
        try {
            int n = Integer.parseInt(value(args, i).replace("_", "").replace(",", ""));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a non-negative number\n" + USAGE);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    public Path runDir() {
        return projectRoot.resolve("run");
    }

    public Path logDir() {
        return runDir().resolve("logs");
    }
}
