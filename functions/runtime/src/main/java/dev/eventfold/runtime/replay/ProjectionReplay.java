package dev.eventfold.runtime.replay;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventProcessor;
import dev.eventfold.runtime.processing.EventRejectedException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Catches one version of a function's projection up from the log and switches reads and live writes to it. The
 * version's consumer group ({@code <function>-replay-<version>}) holds its position: a fresh version starts at the
 * beginning of the log, a version caught up before resumes where its last catch-up ended, the base version (built
 * by the live function, no position) reads the log from the beginning and its {@code applied_events} skip what it
 * holds. Once (nearly) caught up it locks the active-version pointer (live writers wait), drains what arrived meanwhile, runs
 * {@link ReplayFold#beforeSwitch}, switches and stops. The version it switched from stays as it was. Derived events
 * are sent for the drain (the live writer skips those events in the target), and for the catch-up with {@code --emit}.
 */
public final class ProjectionReplay {

    /** What a replay did. */
    public record Result(String schema, String previous, long events, long applied, long rejected, boolean switched) {
    }

    private static final EventCodec CODEC = EventCodec.internal();
    private static final Duration POLL = Duration.ofMillis(300);
    /** Close enough to switch: what is left is drained with live writers held, so at most about one poll of it. */
    static final long DRAIN_AT_MOST = 500;

    private final ReplayFold fold;
    private final ReplaySettings settings;
    private final ProjectionVersions versions;
    private long events;
    private long applied;
    private long rejected;
    private long lastReport;
    private long lastReportEvents;
    private long started;

    public ProjectionReplay(ReplayFold fold, ReplaySettings settings) {
        this.fold = fold;
        this.settings = settings;
        this.versions = fold.versions();
    }

    public Result run() {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(settings.pgHost()).setPort(settings.pgPort())
                        .setDatabase(settings.pgDatabase()).setUser(settings.pgUser())
                        .setPassword(settings.pgPassword()))
                .using(vertx).build();
        try {
            String target = target(pool);
            String active = versions.current(pool).await().indefinitely();
            if (target.equals(active)) {
                throw new IllegalArgumentException(target + " is the active version already");
            }
            if (!target.equals(versions.base())) {
                versions.migrate(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword(), fold.migrations(), target);
            }
            try (KafkaConsumer<String, byte[]> consumer = consumer(target);
                 KafkaProducer<String, byte[]> producer = producer()) {
                return replay(pool, consumer, producer, target, active);
            }
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    private Result replay(Pool pool, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer,
                          String target, String active) {
        List<TopicPartition> partitions = assign(consumer);
        settings.out().printf("replay: %s -> %s from %s (reads stay on %s until caught up)%n",
                fold.topics().stream().map(t -> t.topicName(settings.topicPrefix())).toList(), target,
                consumer.committed(new HashSet<>(partitions)).values().stream().anyMatch(o -> o != null)
                        ? "its recorded position" : "the beginning of the log", active);
        started = lastReport = System.nanoTime();

        // 1. catch up while the active version serves
        while (true) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            apply(pool, target, settings.emit() ? producer : null, records);
            consumer.commitSync();
            long lag = lag(consumer, partitions, consumer.endOffsets(partitions));
            progress(lag, false);
            if (lag <= DRAIN_AT_MOST) {
                break; // under live traffic the lag may never stay at 0: the drain takes the rest
            }
        }
        // 2. hold live writers at the pointer, drain what arrived meanwhile, switch
        SqlConnection switching = pool.getConnection().await().indefinitely();
        String from;
        try {
            switching.query("BEGIN").execute().await().indefinitely();
            from = versions.lockForSwitch(switching).await().indefinitely();
            // every event a live writer applied to the active version is in the log below these ends; what the
            // live writer has not reached yet it will skip in the target (applied_events), so the drain sends
            // those events' derived events itself (deterministic ids: a copy already sent is a duplicate)
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (lag(consumer, partitions, ends) > 0) {
                apply(pool, target, producer, consumer.poll(POLL));
            }
            consumer.commitSync();
            fold.beforeSwitch(switching, from, target).await().indefinitely();
            versions.switchTo(switching, target).await().indefinitely();
            switching.query("COMMIT").execute().await().indefinitely();
        } catch (RuntimeException e) {
            switching.query("ROLLBACK").execute().onFailure().recoverWithNull().await().indefinitely();
            throw e;
        } finally {
            switching.closeAndAwait();
        }
        progress(0, true);
        settings.out().printf("replay: switched reads and live writes to %s; %s stays as it was%n", target, from);
        return new Result(target, from, events, applied, rejected, true);
    }

    /** The version to catch up: the one asked for (which must exist for a switch back), else the next fresh one. */
    private String target(Pool pool) {
        if (settings.targetSchema() == null) {
            return versions.next(pool).await().indefinitely();
        }
        String target = versions.checked(settings.targetSchema());
        if (settings.switchBack() && !versions.exists(pool, target).await().indefinitely()) {
            throw new IllegalArgumentException(target + " does not exist: there is nothing to switch back to");
        }
        return target;
    }

    private void apply(Pool pool, String target, KafkaProducer<String, byte[]> producer,
                       ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<CloudEvent> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            events++;
            try {
                CloudEvent event = KafkaBinding.fromRecord(CODEC, record);
                if (EventType.of(event.type()).filter(fold.consumes()::contains).isPresent()) {
                    batch.add(event);
                }
            } catch (ValidationException e) {
                rejected++; // the live path dead-lettered it; it stays out of the rebuild too
            }
        }
        List<CloudEvent> derived = applyAll(pool, target, batch);
        if (producer != null && !derived.isEmpty()) {
            for (CloudEvent event : derived) {
                producer.send(KafkaBinding.toRecord(event.eventType().topic().topicName(settings.topicPrefix()), event));
            }
            producer.flush();
        }
    }

    /**
     * Applies the batch in one transaction; an event the fold rejects (or PostgreSQL refuses as data) is left out
     * the way the live path dead-letters it, and the rest applied.
     */
    private List<CloudEvent> applyAll(Pool pool, String target, List<CloudEvent> batch) {
        List<CloudEvent> remaining = new ArrayList<>(batch);
        while (!remaining.isEmpty()) {
            List<CloudEvent> attempt = List.copyOf(remaining);
            try {
                List<CloudEvent> derived = pool.withTransaction(tx -> fold.applyTo(target, attempt, tx))
                        .await().indefinitely();
                applied += attempt.size();
                return derived;
            } catch (EventRejectedException e) {
                rejected++;
                remaining.removeIf(event -> event.identity().equals(e.event().identity()));
            } catch (ValidationException | PgException e) {
                if (e instanceof PgException && !EventProcessor.refusedAsData(e)) {
                    throw e;
                }
                if (attempt.size() == 1) {
                    rejected++;
                    return List.of();
                }
                List<CloudEvent> derived = new ArrayList<>();
                for (CloudEvent one : attempt) { // which one: one event per transaction, as the live path does
                    derived.addAll(applyAll(pool, target, List.of(one)));
                }
                return derived;
            }
        }
        return List.of();
    }

    private void progress(long lag, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastReport < settings.progressEvery().toNanos()) {
            return;
        }
        double seconds = Math.max(1e-3, (now - lastReport) / 1e9);
        double total = Math.max(1e-3, (now - started) / 1e9);
        settings.out().printf("replay: %d events done (%d applied, %d rejected), lag %d, %.0f events/s (%.0f overall)%n",
                events, applied, rejected, lag, (events - lastReportEvents) / seconds, events / total);
        lastReport = now;
        lastReportEvents = events;
    }

    private static long lag(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        long lag = 0;
        for (TopicPartition p : partitions) {
            lag += Math.max(0, ends.getOrDefault(p, 0L) - consumer.position(p));
        }
        return lag;
    }

    /** Assigns every partition of the fold's topics, resuming from this version's committed offsets if any. */
    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : fold.topics()) {
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName(settings.topicPrefix()))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition p : partitions) {
            OffsetAndMetadata offset = committed.get(p);
            if (offset == null) {
                consumer.seekToBeginning(List.of(p));
            } else {
                consumer.seek(p, offset.offset());
            }
        }
        return partitions;
    }

    /** The consumer group that records how far {@code version} has been caught up from the log. */
    public static String groupOf(String functionName, String version) {
        return functionName + "-replay-" + version;
    }

    private KafkaConsumer<String, byte[]> consumer(String target) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(fold.functionName(), target));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
