package dev.eventfold.integrations.replay;

import dev.eventfold.integrations.IntegrationsConfig;
import dev.eventfold.integrations.domain.EventFilter;
import dev.eventfold.integrations.function.Intake;
import dev.eventfold.integrations.store.DestinationTargets;
import dev.eventfold.integrations.store.ReplayStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.http.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replays the log into one destination: a consumer of its own (no group, no committed offsets) reads the users and
 * visits.enriched topics from the beginning up to where they ended when the replay started, keeps the
 * destination's organization's events that its filter takes, and queues them for that destination only, through
 * the same fan-out as live intake. A message already queued for an event (live, or by an earlier replay) is not
 * queued twice. Progress (records read of the total, events matched, messages queued) is in {@code replays}.
 * Each poll holds at most {@code max-poll-records} records; at most {@code max-concurrent} replays run at once.
 */
@ApplicationScoped
public class ReplayRunner {

    private static final Logger LOG = Logger.getLogger(ReplayRunner.class);
    static final List<Topic> TOPICS = EventFilter.TRANSLATED.stream().map(EventType::topic).distinct().toList();

    @Inject
    IntegrationsConfig config;
    @Inject
    FunctionConfig function;
    @Inject
    ReplayStore store;
    @Inject
    DestinationTargets destinations;
    @Inject
    Intake intake;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private ExecutorService executor;
    private Semaphore slots;

    void start(@Observes StartupEvent start) {
        slots = new Semaphore(config.replay().maxConcurrent());
        executor = Executors.newFixedThreadPool(config.replay().maxConcurrent(), r -> {
            Thread t = new Thread(r, "integrations-replay");
            t.setDaemon(true);
            return t;
        });
        store.failAbandoned(pool, clock.instant()).await().indefinitely();
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping.set(true);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Starts a replay for the organization's destination; 429 when {@code max-concurrent} are running. */
    public Uni<ReplayStore.Replay> start(UUID destinationId, String orgId) {
        if (!slots.tryAcquire()) {
            return Uni.createFrom().failure(new ProblemException(429, "Too Many Requests",
                    "replays running: at most " + config.replay().maxConcurrent() + " at once; try again when one is done"));
        }
        // the row first, at once; the consumer (blocking) measures the topics and reads them on a thread of its own
        return store.create(pool, UUID.randomUUID(), destinationId, orgId, 0, clock.instant())
                .invoke(replay -> executor.submit(() -> run(replay, orgId)))
                .onFailure().invoke(() -> slots.release());
    }

    record Range(Map<TopicPartition, Long> begins, Map<TopicPartition, Long> ends) {
    }

    private Range endOffsets(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : TOPICS) {
            consumer.partitionsFor(topic.topicName(function.topicPrefix()))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        return new Range(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions));
    }

    private static long total(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> begins) {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - begins.getOrDefault(e.getKey(), 0L)).sum();
    }

    private void run(ReplayStore.Replay replay, String orgId) {
        long read = 0;
        long matched = 0;
        long queued = 0;
        EventCodec codec = EventCodec.internal();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            DestinationTargets.Target target = destinations.get(pool, replay.destinationId()).await().indefinitely();
            if (target == null) {
                throw new IllegalStateException("the destination was deleted");
            }
            Range range = endOffsets(consumer);
            store.total(pool, replay.id(), total(range.ends(), range.begins())).await().indefinitely();
            List<TopicPartition> open = new ArrayList<>(range.ends().keySet().stream()
                    .filter(p -> range.ends().get(p) > range.begins().getOrDefault(p, 0L)).toList());
            consumer.assign(open);
            consumer.seekToBeginning(open);
            while (!open.isEmpty() && !stopping.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(config.replayPollTimeout());
                List<CloudEvent> events = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= range.ends().get(partition)) {
                        continue; // written after the replay started: live intake has it
                    }
                    read++;
                    if (!orgId.equals(header(record, KafkaBinding.PREFIX + "orgid"))) {
                        continue; // another organization's: never decoded for this destination
                    }
                    CloudEvent event;
                    try {
                        event = KafkaBinding.fromRecord(codec, record);
                    } catch (RuntimeException e) {
                        continue; // the live path dead-letters it
                    }
                    EventType type = EventType.of(event.type()).orElse(null);
                    if (event.orgId().equals(orgId) && EventFilter.TRANSLATED.contains(type)
                            && (target.filter().types().isEmpty() || target.filter().types().contains(type))) {
                        events.add(event);
                    }
                }
                open.removeIf(p -> consumer.position(p) >= range.ends().get(p));
                consumer.pause(consumer.assignment().stream().filter(p -> !open.contains(p)).toList());
                int written = events.isEmpty() ? 0 : pool.withTransaction(tx -> intake.enqueue(tx, events,
                        replay.destinationId())).await().indefinitely();
                matched += events.size();
                queued += written;
                store.progress(pool, replay.id(), read, matched, queued).await().indefinitely();
            }
            store.finish(pool, replay.id(), stopping.get() ? "failed" : "done",
                    stopping.get() ? "stopped with the replica" : null, clock.instant()).await().indefinitely();
            LOG.infof("replay %s of destination %s: %d records read, %d events matched, %d queued", replay.id(),
                    replay.destinationId(), read, matched, queued);
        } catch (RuntimeException e) {
            LOG.warnf("replay %s of destination %s failed: %s", replay.id(), replay.destinationId(), e.toString());
            store.progress(pool, replay.id(), read, matched, queued)
                    .chain(() -> store.finish(pool, replay.id(), "failed", e.toString(), clock.instant()))
                    .await().indefinitely();
        } finally {
            slots.release();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.replay().maxPollRecords());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, function.functionName() + "-replay");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

}
