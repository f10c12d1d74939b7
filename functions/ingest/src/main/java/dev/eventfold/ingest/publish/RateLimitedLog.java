package dev.eventfold.ingest.publish;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Logs a recurring warning at most once per interval, saying how many occurrences it stood for. */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= intervalNanos && lastLogged.compareAndSet(last, now)) {
            long times = suppressed.getAndSet(0) + 1;
            log.warnf("%s (%d times since the last such message)%s", message, times,
                    cause == null ? "" : ": " + cause.getMessage());
        } else {
            suppressed.incrementAndGet();
        }
    }
}
