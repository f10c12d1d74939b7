package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Topic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** user-aggregator on its Kafka trigger: the contender, and one extra run recorded with JFR to see where time goes. */
final class UserAggregatorBench {

    static final String NAME = "user-aggregator";
    static final String LABEL = "Eventfold " + NAME + " (Kafka trigger)";
    /** The Kafka trigger's consumer group (SmallRye's default: the application name). */
    static final String GROUP = NAME;

    private UserAggregatorBench() {
    }

    static KafkaRun.Contender kafkaContender(Path root, List<String> jvmExtra) {
        return Contenders.function(root, NAME, Topic.USERS, GROUP, jvmExtra, Map.of());
    }

    /** One more run, not counted in the table, with a JFR recording summarised into the report. */
    static void profile(Options options, BenchKafka kafka, List<CloudEvent> events, Report report) {
        Path jfr = options.root().resolve("bench/target/user-aggregator-kafka.jfr");
        String prefix = "benchprof" + UUID.randomUUID().toString().substring(0, 6);
        kafka.createTopics(List.of(Topic.EVENTS.topicName(prefix), Topic.DEAD_LETTER.topicName(prefix)), false);
        kafka.prefill(Topic.EVENTS.topicName(prefix), events);
        KafkaRun.Contender c = kafkaContender(options.root(),
                List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true"));
        KafkaRun.Result r = KafkaRun.run(kafka, c, prefix, 0, events.size());
        BenchMain.log("profiled run: %s events/s with JFR on; recording %s", Report.rate(r.eventsPerSecond()), jfr);
        if (r.outputs() < events.size()) {
            report.note("profiled user-aggregator run: only " + r.outputs() + " of " + events.size()
                    + " derived events arrived (consumer lag " + r.lagAfter() + "); log " + r.log());
        }
        try {
            report.section("Where user-aggregator's Kafka path spends CPU (JFR)",
                    "One extra run with `-XX:StartFlightRecording=settings=profile` (" + Report.rate(r.eventsPerSecond())
                            + " events/s with the recorder on); summary of jdk.ExecutionSample by "
                            + "`java -cp bench/target/bench.jar dev.eventfold.bench.JfrSummary " + options.root().relativize(jfr) + "`, "
                            + "counting only samples after the first output (start-up excluded). CPU ms per 1,000 events in "
                            + "that run: " + Report.ms(r.cpuMsPerThousand()) + ".\n\n"
                            + JfrSummary.summarise(jfr, 25, java.time.Instant.ofEpochMilli(r.firstOutputMillis())));
        } catch (IOException e) {
            report.note("JFR summary failed: " + e.getMessage());
        }
    }
}
