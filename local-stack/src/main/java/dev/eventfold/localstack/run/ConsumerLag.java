package dev.eventfold.localstack.run;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Each function's consumer lag (end offsets minus its group's committed offsets) and the size of a topic, via AdminClient. */
public final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    public ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The group's total lag over the partitions it committed; empty while it has committed nothing. */
    public OptionalLong lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return OptionalLong.empty();
        }
        Map<TopicPartition, Long> ends = endOffsets(List.copyOf(committed.keySet()));
        long lag = 0;
        for (var entry : committed.entrySet()) {
            lag += Math.max(0, ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
        }
        return OptionalLong.of(lag);
    }

    /** Records ever written to the topic (sum of its partitions' end offsets); 0 while it does not exist. */
    public long size(String topic) throws Exception {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
            return 0;
        }
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Lag per group, in the given order; -1 where the group has not committed yet. */
    public Map<String, Long> lags(List<String> groups) throws Exception {
        Map<String, Long> lags = new LinkedHashMap<>();
        for (String group : groups) {
            lags.put(group, lag(group).orElse(-1));
        }
        return lags;
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) throws Exception {
        ListOffsetsResult result = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
        return result.all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close();
    }
}
