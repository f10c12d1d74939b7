package dev.eventfold.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One timed run of a contender over a pre-filled topic: watch its output topic from the start, launch it, wait
 * until every expected output arrived (and, for a consumer group, its lag is 0), read its memory, stop it.
 */
public final class KafkaRun {

    /** A contender that reads the events topic and writes one output per event. */
    public interface Contender {
        String label();

        /** The topic it writes to under a prefix. */
        String outputTopic(String prefix, int rep);

        boolean compactedOutput();

        Started start(String bootstrap, String prefix, int rep);
    }

    /** A running contender: its process, the consumer group whose lag must reach 0 (or null), and its cleanup. */
    public record Started(ChildProcess process, String group, Runnable cleanup) {
    }

    /** What one run measured. */
    public record Result(String label, double eventsPerSecond, int outputs, long duplicates, long startToFirstMs,
                         long lagAfter, ChildProcess.Memory memory, double cpuMsPerThousand, long firstOutputMillis,
                         String log, double brokerCpuMsPerThousand, double postgresCpuMsPerThousand,
                         double benchCpuMsPerThousand, double machineBusyShare) {
    }

    private KafkaRun() {
    }

    /** CPU ms per 1,000 events between two readings; NaN when either could not be read. */
    static double perThousand(long start, long end, long events) {
        return start < 0 || end < 0 ? Double.NaN : (end - start) * 1000.0 / events;
    }

    public static Result run(BenchKafka kafka, Contender contender, String prefix, int rep, int expected) {
        String output = contender.outputTopic(prefix, rep);
        kafka.createTopics(java.util.List.of(output), contender.compactedOutput());
        long[] cpuAtFirst = {-1};
        long[] othersAtFirst = {-1, -1, -1}; // broker, PostgreSQL, this JVM (the output watch)
        long[][] machineAtFirst = {{-1, -1}};
        CompletableFuture<Started> launched = new CompletableFuture<>();
        CompletableFuture<BenchKafka.Watch> watch = CompletableFuture.supplyAsync(
                () -> kafka.watch(output, expected, Duration.ofSeconds(60), Duration.ofMinutes(20),
                        () -> {
                            cpuAtFirst[0] = launched.join().process().cpuMillis();
                            othersAtFirst[0] = kafka.brokerCpuMillis();
                            othersAtFirst[1] = ChildProcess.cpuMillisOfCommand("postgres");
                            othersAtFirst[2] = ChildProcess.ownCpuMillis();
                            machineAtFirst[0] = ChildProcess.machineCpuMillis();
                        }));
        Started started = contender.start(kafka.bootstrap(), prefix, rep);
        launched.complete(started);
        boolean complete = false;
        try {
            BenchKafka.Watch seen = watch.join();
            // read at once: the lag check below is not part of the measured window
            long benchEnd = ChildProcess.ownCpuMillis();
            long[] machineEnd = ChildProcess.machineCpuMillis();
            long lag = -1;
            if (started.group() != null) {
                String events = dev.eventfold.model.Topic.EVENTS.topicName(prefix);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                do {
                    lag = kafka.lag(started.group(), events);
                    if (lag == 0) {
                        break;
                    }
                    ChildProcess.sleep(200);
                } while (System.nanoTime() < deadline);
            }
            ChildProcess.Memory memory = started.process().memory();
            long cpuEnd = started.process().cpuMillis();
            long counted = Math.max(1, seen.distinct() - seen.firstBatch());
            double cpuPerThousand = perThousand(cpuAtFirst[0], cpuEnd, counted);
            double brokerPerThousand = perThousand(othersAtFirst[0], kafka.brokerCpuMillis(), counted);
            double postgresPerThousand = perThousand(othersAtFirst[1], ChildProcess.cpuMillisOfCommand("postgres"), counted);
            double benchPerThousand = perThousand(othersAtFirst[2], benchEnd, counted);
            long busy = machineEnd[0] - machineAtFirst[0][0];
            long total = machineEnd[1] - machineAtFirst[0][1];
            double machineBusy = machineAtFirst[0][0] < 0 || machineEnd[0] < 0 || total <= 0 ? Double.NaN
                    : (double) busy / total;
            if (seen.distinct() < expected) {
                System.err.printf("  ! %s run %d: only %d of %d outputs arrived; see %s%n", contender.label(), rep,
                        seen.distinct(), expected, started.process().log());
            }
            complete = seen.distinct() >= expected;
            long startToFirst = seen.records() == 0 ? -1 : seen.firstMillis() - started.process().startedAtMillis();
            return new Result(contender.label(), seen.distinct() < expected ? Double.NaN : seen.rate(),
                    seen.distinct(), seen.records() - seen.distinct(), startToFirst, lag, memory, cpuPerThousand,
                    seen.firstMillis(), started.process().log().toString(), brokerPerThousand, postgresPerThousand,
                    benchPerThousand, machineBusy);
        } finally {
            started.process().close();
            if (started.cleanup() != null && complete) {
                started.cleanup().run();
            } else if (started.cleanup() != null) {
                System.err.printf("  ! kept the run's database for a look (%s, prefix %s)%n", contender.label(), prefix);
            }
        }
    }
}
