package dev.eventfold.localstack.run;

import dev.eventfold.localstack.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerLagTest {

    @Test
    void lagIsEndOffsetsMinusTheGroupsCommittedOffsets() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        String topic = "lag-" + UUID.randomUUID();
        String group = "group-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer());
             ConsumerLag lag = new ConsumerLag(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
            assertThat(lag.size(topic)).isEqualTo(5);
            assertThat(lag.lag(group)).isEmpty();

            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2))).all().get();

            assertThat(lag.lag(group)).hasValue(3);
            assertThat(lag.lags(List.of(group, "never-" + UUID.randomUUID())).values()).containsExactly(3L, -1L);
        }
    }
}
