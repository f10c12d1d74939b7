package dev.eventfold.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a JFR recording's CPU samples (jdk.ExecutionSample) went: top frames by self time, libraries by inclusive
 * time and threads, as markdown. {@code java -cp bench.jar dev.eventfold.bench.JfrSummary recording.jfr}.
 */
public final class JfrSummary {

    /** Library groups by package prefix, first match wins; "other" catches the rest. */
    static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("dev.eventfold.", "Eventfold code (fold, store, triggers)");
        GROUPS.put("io.vertx.pgclient.", "Vert.x PostgreSQL client");
        GROUPS.put("io.vertx.sqlclient.", "Vert.x SQL client");
        GROUPS.put("org.hibernate.", "Hibernate Reactive");
        GROUPS.put("org.apache.kafka.", "Kafka client");
        GROUPS.put("io.smallrye.reactive.messaging.", "SmallRye Reactive Messaging");
        GROUPS.put("io.smallrye.mutiny.", "Mutiny");
        GROUPS.put("com.fasterxml.jackson.", "Jackson JSON");
        GROUPS.put("io.netty.", "Netty");
        GROUPS.put("io.vertx.", "Vert.x core");
        GROUPS.put("org.flywaydb.", "Flyway");
        GROUPS.put("io.quarkus.", "Quarkus");
        GROUPS.put("sun.security.", "JDK crypto (SHA-1/HMAC)");
        GROUPS.put("java.util.regex.", "JDK regex");
        GROUPS.put("java.util.zip.", "JDK zip/CRC");
    }

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 20));
    }

    public static String summarise(Path recording, int top) throws IOException {
        return summarise(recording, top, Instant.MIN);
    }

    /** As {@link #summarise(Path, int)}, counting only samples taken at or after {@code from}. */
    public static String summarise(Path recording, int top, Instant from) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (e.getStartTime().isBefore(from)) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = e.getThread("sampledThread");
            threads.merge(thread == null ? "?" : threadGroup(thread.getJavaName()), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                String group = GROUPS.entrySet().stream().filter(g -> type.startsWith(g.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (group != null && seen.add(group)) {
                    inclusive.merge(group, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d CPU samples (jdk.ExecutionSample) in %s%s%n%n", samples,
                recording.getFileName(), from.equals(Instant.MIN) ? "" : " from " + from));
        out.append("| Top frames (self) | samples | share |\n| --- | --- | --- |\n");
        appendTop(out, self, samples, top);
        out.append("\n| Library on the stack (inclusive) | samples | share |\n| --- | --- | --- |\n");
        appendTop(out, inclusive, samples, GROUPS.size());
        out.append("\n| Thread | samples | share |\n| --- | --- | --- |\n");
        appendTop(out, threads, samples, 10);
        return out.toString();
    }

    private static void appendTop(StringBuilder out, Map<String, Integer> counts, int total, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", e.getKey(),
                        e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total)));
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    /** Thread names without their trailing numbers, so that pools count as one. */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+-", "-N-");
    }
}
