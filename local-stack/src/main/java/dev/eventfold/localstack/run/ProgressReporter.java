package dev.eventfold.localstack.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints a progress line every few seconds: events and visits sent, their rates, each function's consumer lag. */
public final class ProgressReporter implements AutoCloseable {

    private final ConsumerLag lag;
    private final List<String> groups;
    private final String eventsTopic;
    private final LongSupplier events;
    private final LongSupplier visits;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private long lastEvents;
    private long lastVisits;
    private long lastTime = System.nanoTime();

    public ProgressReporter(ConsumerLag lag, List<String> groups, String eventsTopic, LongSupplier events,
                            LongSupplier visits) {
        this.lag = lag;
        this.groups = groups;
        this.eventsTopic = eventsTopic;
        this.events = events;
        this.visits = visits;
    }

    public ProgressReporter start(long periodSeconds) {
        timer.scheduleAtFixedRate(this::report, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        return this;
    }

    void report() {
        try {
            System.out.println(line());
        } catch (Exception e) {
            System.out.println("  progress: " + e.getMessage());
        }
    }

    synchronized String line() throws Exception {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastTime) / 1e9);
        long e = events.getAsLong();
        long v = visits.getAsLong();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%4ds] sent %,d events (%,.0f/s), %,d visits (%,.0f/s); %s holds %,d | lag:",
                (now - started) / 1_000_000_000L, e, (e - lastEvents) / seconds, v, (v - lastVisits) / seconds,
                eventsTopic, lag.size(eventsTopic)));
        for (Map.Entry<String, Long> entry : lag.lags(groups).entrySet()) {
            line.append(' ').append(entry.getKey()).append(' ')
                    .append(entry.getValue() < 0 ? "-" : String.format(Locale.ROOT, "%,d", entry.getValue()));
        }
        lastEvents = e;
        lastVisits = v;
        lastTime = now;
        return line.toString();
    }

    /**
     * Waits until every group has committed and none lags, twice in a row; false on timeout or when the lags have not
     * moved for the stall period (a function that is stuck or down), naming the groups that still lag.
     */
    public boolean awaitCaughtUp(long timeoutSeconds, long stallSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Long> previous = Map.of();
        long unchangedSince = System.nanoTime();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            Map<String, Long> lags = lag.lags(groups);
            boolean caughtUp = lags.values().stream().allMatch(l -> l == 0);
            quiet = caughtUp ? quiet + 1 : 0;
            if (quiet >= 2) {
                return true;
            }
            if (!lags.equals(previous)) {
                previous = lags;
                unchangedSince = System.nanoTime();
            } else if (System.nanoTime() - unchangedSince > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                lags.forEach((group, l) -> {
                    if (l != 0) {
                        System.out.println("==> " + group + " has not moved for " + stallSeconds + " s (lag "
                                + (l < 0 ? "unknown: nothing committed" : String.format(Locale.ROOT, "%,d", l))
                                + "); see run/logs/" + group + ".log");
                    }
                });
                return false;
            }
            Thread.sleep(2000);
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
