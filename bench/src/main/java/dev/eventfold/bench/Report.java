package dev.eventfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The markdown the benchmark prints and writes to bench/results/latest.md: machine, workloads, tables, notes. */
final class Report {

    private final StringBuilder body = new StringBuilder();
    private final List<String> notes = new ArrayList<>();
    private final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    private final String loadAtStart = loadAverage();

    void section(String title, String text) {
        body.append("\n## ").append(title).append("\n\n");
        if (text != null && !text.isBlank()) {
            body.append(text).append("\n\n");
        }
    }

    void table(List<String> header, List<List<String>> rows) {
        body.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> body.append(" --- |"));
        body.append('\n');
        for (List<String> row : rows) {
            body.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        body.append('\n');
    }

    private String source;

    /** Which build of the functions was measured. */
    void source(String text) {
        this.source = text;
    }

    void note(String note) {
        notes.add(note);
    }

    String render(String command) {
        StringBuilder out = new StringBuilder("# Eventfold benchmarks\n\n");
        out.append("- Date: ").append(started).append('\n');
        out.append("- Machine: ").append(machine()).append('\n');
        out.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("; every measured JVM runs with ")
                .append(String.join(" ", Contenders.JVM)).append('\n');
        out.append("- Load average at start: ").append(loadAtStart).append(", at end: ").append(loadAverage())
                .append(" (other work on the machine skews the numbers)\n");
        out.append("- Command: `").append(command).append("`\n");
        if (source != null) {
            out.append("- Functions: ").append(source).append('\n');
        }
        out.append(body);
        if (!notes.isEmpty()) {
            out.append("## Notes\n\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String machine() {
        String cpu = "?";
        long memKib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux: leave the unknowns
        }
        return String.format(Locale.ROOT, "%d cores (nproc), %.1f GiB RAM, %s", Runtime.getRuntime().availableProcessors(),
                memKib / 1024.0 / 1024.0, cpu);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ratio(double v, double base) {
        return Double.isNaN(v) || Double.isNaN(base) || base == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", v / base);
    }

    static String ms(double v) {
        return Double.isNaN(v) || v < 0 ? "n/a" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%,.0f", v);
    }

    static double median(List<Double> values) {
        List<Double> ok = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (ok.isEmpty()) {
            return Double.NaN;
        }
        int n = ok.size();
        return n % 2 == 1 ? ok.get(n / 2) : (ok.get(n / 2 - 1) + ok.get(n / 2)) / 2;
    }
}
