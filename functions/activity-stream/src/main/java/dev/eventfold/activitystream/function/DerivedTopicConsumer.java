package dev.eventfold.activitystream.function;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.api.ActivityHub;
import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Position;
import dev.eventfold.activitystream.store.ActivityStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.config.FunctionConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pod's one reader of the derived topics, whatever the number of browsers. Fan-out needs every pod to see every
 * event, so it joins no consumer group: it assigns itself every partition ({@code assign}, no {@code group.id}, no
 * rebalances, no commits) and resumes each one after the highest offset in the recent-activity store. Each batch
 * is written to the store (idempotent by log position, shared by all replicas) before it is published to the
 * pod's subscribers, which is what makes a resume gap-free. A record that does not decode is skipped and counted:
 * this function only shows events, the producing function owns their dead-lettering.
 */
@ApplicationScoped
public class DerivedTopicConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(DerivedTopicConsumer.class);
    private static final EventCodec CODEC = EventCodec.internal();
    private static final String TYPE_HEADER = KafkaBinding.PREFIX + "type";

    @Inject
    ActivityConfig config;
    @Inject
    FunctionConfig function;
    @Inject
    ActivityStore store;
    @Inject
    ActivityHub hub;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private Counter undecodable;
    private Counter consumed;

    /** The derived topics, from the catalog: every topic a derived type travels on. */
    public static Set<Topic> topics() {
        Set<Topic> topics = new HashSet<>();
        ActivityStreamHandler.SHOWN.forEach(type -> topics.add(type.topic()));
        return topics;
    }

    void start(@Observes StartupEvent start) {
        if (!config.consumer().enabled()) {
            return;
        }
        undecodable = metrics.counter("eventfold.activity.undecodable", "function", function.functionName());
        consumed = metrics.counter("eventfold.activity.consumed", "function", function.functionName());
        running = true;
        thread = new Thread(this, "activity-derived-topics");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords(),
                ConsumerConfig.CLIENT_ID_CONFIG, function.functionName() + "-fanout",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        long nextRefresh = 0;
        long nextPrune = System.nanoTime() + config.store().pruneInterval().toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            while (running) {
                if (System.nanoTime() >= nextRefresh) {
                    try {
                        assignNewPartitions(c);
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // a broker still starting (metadata timeout) must not end the pod's only consumer: retry
                        LOG.warnf("looking for the derived topics' partitions failed, retrying: %s", e.getMessage());
                        nextRefresh = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                        continue;
                    }
                    nextRefresh = System.nanoTime() + config.consumer().partitionRefresh().toNanos();
                }
                if (System.nanoTime() >= nextPrune) {
                    prune();
                    nextPrune = System.nanoTime() + config.store().pruneInterval().toNanos();
                }
                if (c.assignment().isEmpty()) {
                    Thread.sleep(100);
                    continue;
                }
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    handle(records);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                LOG.error("the derived-topic consumer stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("the derived-topic consumer failed", e);
        }
    }

    private void assignNewPartitions(KafkaConsumer<String, byte[]> c) {
        String prefix = function.topicPrefix();
        Set<TopicPartition> wanted = new HashSet<>(c.assignment());
        for (Topic topic : topics()) {
            List<PartitionInfo> partitions = c.partitionsFor(topic.topicName(prefix), Duration.ofSeconds(5));
            if (partitions != null) {
                partitions.forEach(p -> wanted.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(c.assignment());
        if (added.isEmpty()) {
            return;
        }
        Map<String, Long> next = retrying(() -> store.nextOffsets().await().atMost(Duration.ofSeconds(30)));
        c.assign(wanted);
        List<TopicPartition> unknown = new ArrayList<>();
        Map<String, Long> lastStored = new HashMap<>();
        for (TopicPartition tp : added) {
            String key = suffix(tp.topic()) + "/" + tp.partition();
            Long offset = next.get(key);
            if (offset != null) {
                c.seek(tp, offset);
                lastStored.put(key, offset - 1);
            } else {
                unknown.add(tp);
            }
        }
        if ("latest".equals(config.consumer().startWhenEmpty())) {
            c.seekToEnd(unknown);
        } else {
            c.seekToBeginning(unknown);
        }
        hub.startingAfter(lastStored);
        LOG.infof("reading %d partitions of the derived topics (%d new)", wanted.size(), added.size());
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        List<ActivityItem> items = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            ActivityItem item = item(record);
            if (item != null) {
                items.add(item);
            }
        }
        consumed.increment(records.count());
        List<ActivityItem> stored = retrying(() -> store.store(items).await().atMost(Duration.ofSeconds(30)));
        hub.publish(stored);
    }

    private ActivityItem item(ConsumerRecord<String, byte[]> record) {
        var typeHeader = record.headers().lastHeader(TYPE_HEADER);
        EventType type = typeHeader == null ? null
                : EventType.of(new String(typeHeader.value(), StandardCharsets.UTF_8)).orElse(null);
        if (type == null || !ActivityStreamHandler.SHOWN.contains(type)) {
            return null;
        }
        try {
            CloudEvent event = KafkaBinding.fromRecord(CODEC, record);
            if (event.orgId() == null) {
                undecodable.increment();
                return null;
            }
            return new ActivityItem(0, new Position(suffix(record.topic()), record.partition(), record.offset()),
                    event.orgId(), event.source(), event.id(), type, event.subject(), event.time(), event.data());
        } catch (ValidationException | IllegalArgumentException e) {
            undecodable.increment();
            LOG.warnf("skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    private void prune() {
        try {
            int gone = store.prune().await().atMost(Duration.ofSeconds(30));
            if (gone > 0) {
                LOG.debugf("pruned %d items of the recent-activity store", gone);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning the recent-activity store failed (retried at the next interval)", e);
        }
    }

    private String suffix(String topicName) {
        return topicName.substring(function.topicPrefix().length() + 1);
    }

    /** Retries a store call with backoff until it succeeds or the pod stops: nothing is skipped past a fault. */
    private <T> T retrying(java.util.function.Supplier<T> call) {
        long backoff = 200;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!running) {
                    throw e;
                }
                LOG.warnf("the recent-activity store failed, retrying in %d ms: %s", backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
