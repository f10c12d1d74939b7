package dev.eventfold.localstack.run;

import dev.eventfold.localstack.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The run/ folder of a local run: broker data, embedded PostgreSQL data, logs and the ids of the processes it
 * started, so that a run can reset the previous one's state and stop what a killed launcher left behind.
 */
public final class RunState {

    private final Path dir;

    public RunState(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path kafkaDir() {
        return dir.resolve("kafka");
    }

    public Path postgresDir() {
        return dir.resolve("postgres");
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    private Path pidFile() {
        return dir.resolve("pids");
    }

    /** Deletes the broker data, embedded database and logs of the previous run. */
    public void reset() {
        Folders.deleteRecursively(kafkaDir());
        Folders.deleteRecursively(postgresDir());
        Folders.deleteRecursively(logDir());
    }

    /** Notes a started process, so that the next run can stop it if this launcher dies without cleaning up. */
    public void remember(long pid) {
        try {
            Files.createDirectories(dir);
            Files.writeString(pidFile(), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops processes of an earlier run that are still alive (their command line names this run folder or a function jar). */
    public int stopLeftovers() {
        if (!Files.isRegularFile(pidFile())) {
            return 0;
        }
        int stopped = 0;
        try {
            for (String line : Files.readAllLines(pidFile())) {
                Optional<ProcessHandle> process = line.isBlank() ? Optional.empty()
                        : ProcessHandle.of(Long.parseLong(line.trim()));
                if (process.isPresent() && process.get().isAlive() && ours(process.get())) {
                    process.get().destroy();
                    process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    stopped++;
                }
            }
            Files.delete(pidFile());
        } catch (Exception e) {
            System.out.println("  could not stop every leftover process: " + e);
        }
        return stopped;
    }

    private boolean ours(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        return command.contains(dir.toString()) || command.contains("quarkus-run.jar");
    }

    /** Every log file of this run, for the summary. */
    public List<Path> logs() {
        try (var files = Files.walk(dir, 2)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
