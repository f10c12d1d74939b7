package dev.eventfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the benchmark starts beside itself (broker, peer, ceiling, function): its output goes to a log file,
 * its start instant is taken just before launch, and its resident memory is read from /proc.
 */
public final class ChildProcess implements AutoCloseable {

    /** JBoss LogManager, configured by the bench's logging.properties. */
    static final String LOG_MANAGER = "java.util.logging.manager=org.jboss.logmanager.LogManager";

    private static final List<ChildProcess> RUNNING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::close), "bench-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedAtMillis;
    private final long startedAtNanos;

    private ChildProcess(String name, Process process, Path log, long startedAtMillis, long startedAtNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedAtMillis = startedAtMillis;
        this.startedAtNanos = startedAtNanos;
    }

    /** The java launcher of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child JVM running {@code mainClass} from the benchmark's own class path. */
    public static ChildProcess javaMain(String name, Path log, List<String> jvmArgs, Class<?> mainClass,
                                        List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-D" + LOG_MANAGER);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return start(name, log, command);
    }

    public static ChildProcess start(String name, Path log, List<String> command) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            long millis = System.currentTimeMillis();
            long nanos = System.nanoTime();
            ChildProcess child = new ChildProcess(name, builder.start(), log, millis, nanos);
            RUNNING.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long startedAtNanos() {
        return startedAtNanos;
    }

    /** Waits until a line of the log matches and returns the first group (or the whole match). */
    public String awaitLog(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> found = findInLog(pattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before \""
                        + pattern + "\"; see " + log + "\n" + tail(30));
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " did not log \"" + pattern + "\" within " + timeout + "; see " + log);
    }

    public Optional<String> findInLog(Pattern pattern) {
        try {
            if (!Files.exists(log)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Resident set size now and at its peak, in MiB, from /proc/<pid>/status (0 when not readable). */
    public Memory memory() {
        try {
            long rss = 0;
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            return new Memory(rss / 1024, hwm / 1024);
        } catch (IOException e) {
            return new Memory(0, 0);
        }
    }

    /** CPU time (user + system) the process has used so far, in milliseconds, from /proc/<pid>/stat. */
    public long cpuMillis() {
        return cpuMillisOf(pid());
    }

    /** CPU time (user + system) of this JVM (the bench: pre-fill, output watch) so far, in milliseconds. */
    public static long ownCpuMillis() {
        return cpuMillisOf(ProcessHandle.current().pid());
    }

    /**
     * The machine's CPU time so far from /proc/stat's first line, in milliseconds: {busy, total} over all cores
     * (busy = everything but idle and iowait); {-1, -1} when it cannot be read.
     */
    public static long[] machineCpuMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {(total - idle) * 1000 / CLOCK_TICKS, total * 1000 / CLOCK_TICKS};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** CPU time (user + system) of any process so far, in milliseconds; -1 when it cannot be read. */
    public static long cpuMillisOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ... utime(14) stime(15), i.e. indexes 11 and 12 here
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time so far of every process whose command is {@code command} (e.g. {@code postgres}: the server and its
     * backends), in milliseconds. A backend that exits between two readings takes its time with it, so a difference
     * of two sums is a lower bound.
     */
    public static long cpuMillisOfCommand(String command) {
        long total = 0;
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals(command)) {
                        total += Math.max(0, cpuMillisOf(Long.parseLong(name)));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we listed: its time is not counted
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** USER_HZ; 100 on every Linux this runs on. */
    static final long CLOCK_TICKS = 100;

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Resident memory in MiB: now and the high-water mark. */
    public record Memory(long rssMiB, long peakMiB) {
    }

    /** Asks the process to stop (SIGTERM), then kills it after a grace period. */
    @Override
    public void close() {
        RUNNING.remove(this);
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
