package dev.eventfold.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaTest {

    @TempDir
    Path folder;

    @Test
    void aBrokerChildProcessServesTopicsLeavesNoProcessBehindAndKeepsItsData() throws Exception {
        long pid;
        try (LocalKafka kafka = LocalKafka.start(folder)) {
            pid = kafka.pid();
            assertThat(kafka.isAlive()).isTrue();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("local-kafka-test", 2, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("local-kafka-test");
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("local-kafka-test", "key-1", "hello")).get();
            }
            List<ConsumerRecord<String, String>> received =
                    KafkaBrokerTest.consumeAtLeastOne(kafka.bootstrapServers(), "local-kafka-test");
            assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("key-1", "hello"));
            assertThat(kafka.logFile()).exists();
            assertThat(Files.readString(kafka.logFile())).contains("Kafka Server started");
        }
        Optional<ProcessHandle> left = ProcessHandle.of(pid);
        assertThat(left.map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(folder.resolve("data")).isDirectory();

        // a second start on the same folder (new ports) keeps the data of the first
        try (LocalKafka again = LocalKafka.start(folder);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .contains("local-kafka-test");
        }
    }
}
