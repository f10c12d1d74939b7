package dev.eventfold.useraggregator.replay;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventRejectedException;
import dev.eventfold.useraggregator.domain.UserAggregator;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import dev.eventfold.useraggregator.store.UserBatch;
import dev.eventfold.useraggregator.store.UserStore;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnectOptions;
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
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the user projection from the beginning of the events topic into a fresh schema version (same
 * migrations), with a consumer group of its own, printing progress; once caught up it locks the active-version
 * pointer (live writers wait), drains what arrived meanwhile, switches reads and live writes to the new version
 * and stops. The old version keeps serving until that switch and stays in place afterwards.
 */
public final class ProjectionReplay {

    /** What a replay did. */
    public record Result(String schema, long events, long applied, long rejected, boolean switched) {
    }

    private static final EventCodec CODEC = EventCodec.internal();

    private final ReplaySettings settings;
    private long events;
    private long applied;
    private long rejected;
    private long lastReport;
    private long lastReportEvents;
    private long started;

    public ProjectionReplay(ReplaySettings settings) {
        this.settings = settings;
    }

    public Result run() {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(settings.pgHost()).setPort(settings.pgPort())
                        .setDatabase(settings.pgDatabase()).setUser(settings.pgUser())
                        .setPassword(settings.pgPassword()))
                .using(vertx).build();
        String target = settings.targetSchema() != null ? ActiveVersion.checked(settings.targetSchema())
                : nextVersion(pool);
        try (KafkaConsumer<String, byte[]> consumer = consumer(target);
             KafkaProducer<String, byte[]> producer = settings.emit() ? producer() : null) {
            String active = ActiveVersion.current(pool).await().indefinitely();
            if (target.equals(active)) {
                throw new IllegalArgumentException(target + " is the active version; replay into a fresh one");
            }
            ProjectionMigrations.migrate(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword(), target);
            UserStore store = new UserStore(target);
            List<TopicPartition> partitions = assign(consumer, target);
            settings.out().printf("replay: %s -> %s (reads stay on %s until caught up)%n",
                    settings.eventsTopic(), target, active);
            started = lastReport = System.nanoTime();

            // 1. catch up while the old version serves
            while (true) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(300));
                apply(pool, store, producer, records);
                consumer.commitSync();
                long lag = lag(consumer, partitions, consumer.endOffsets(partitions));
                progress(lag, false);
                if (records.isEmpty() && lag == 0) {
                    break;
                }
            }
            // 2. hold live writers at the pointer, drain what arrived meanwhile, switch
            SqlConnection switching = pool.getConnection().await().indefinitely();
            try {
                switching.query("BEGIN").execute().await().indefinitely();
                ActiveVersion.lockForSwitch(switching).await().indefinitely();
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (lag(consumer, partitions, ends) > 0) {
                    apply(pool, store, producer, consumer.poll(Duration.ofMillis(300)));
                }
                consumer.commitSync();
                ActiveVersion.switchTo(switching, target).await().indefinitely();
                switching.query("COMMIT").execute().await().indefinitely();
            } catch (RuntimeException e) {
                switching.query("ROLLBACK").execute().onFailure().recoverWithNull().await().indefinitely();
                throw e;
            } finally {
                switching.closeAndAwait();
            }
            progress(0, true);
            settings.out().printf("replay: switched reads and live writes to %s; %s stays as it was%n", target, active);
            return new Result(target, events, applied, rejected, true);
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    private void apply(Pool pool, UserStore store, KafkaProducer<String, byte[]> producer,
                       ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<CloudEvent> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            events++;
            try {
                CloudEvent event = KafkaBinding.fromRecord(CODEC, record);
                if (EventType.of(event.type()).filter(UserAggregator.CONSUMES::contains).isPresent()) {
                    batch.add(event);
                }
            } catch (ValidationException e) {
                rejected++; // the live path dead-lettered it; it stays out of the rebuild too
            }
        }
        List<CloudEvent> remaining = new ArrayList<>(batch);
        List<CloudEvent> derived;
        while (true) {
            List<CloudEvent> attempt = List.copyOf(remaining);
            try {
                derived = pool.withTransaction(tx -> UserBatch.applyTo(store.schema(), attempt, tx))
                        .await().indefinitely();
                applied += attempt.size();
                break;
            } catch (EventRejectedException e) {
                // rolled back: the live path dead-lettered this event, the rebuild leaves it out the same way
                rejected++;
                remaining.remove(e.event());
            }
        }
        if (producer != null) {
            for (CloudEvent event : derived) {
                producer.send(KafkaBinding.toRecord(event.eventType().topic().topicName(settings.topicPrefix()), event));
            }
            producer.flush();
        }
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

    /** Assigns every partition of the events topic, resuming from this replay's committed offsets if any. */
    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, String target) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(settings.eventsTopic())) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
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

    private String nextVersion(Pool pool) {
        return pool.query("SELECT coalesce(max(substring(nspname FROM 'user_aggregator_v([0-9]+)$')::int), 1) + 1 "
                        + "FROM pg_namespace WHERE nspname ~ '^user_aggregator_v[0-9]+$'").execute()
                .map(rows -> "user_aggregator_v" + rows.iterator().next().getInteger(0))
                .await().indefinitely();
    }

    private KafkaConsumer<String, byte[]> consumer(String target) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "user-aggregator-replay-" + target);
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
