package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.IngestConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;

/**
 * The one Kafka producer of ingest: acks from every in-sync replica and idempotence, so that a 202 means the
 * events are durable and a retried send never writes a record twice. A plain producer gives a future per record,
 * which is all ingest needs to answer only after every event of a request is acknowledged.
 */
@ApplicationScoped
public class ProducerFactory {

    @Produces
    @DefaultBean
    @ApplicationScoped
    KafkaProducer<String, byte[]> producer(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            IngestConfig config) {
        Duration timeout = config.publishTimeout();
        int lingerMs = config.producer().lingerMs();
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + lingerMs),
                ProducerConfig.CLIENT_ID_CONFIG, "ingest"),
                new StringSerializer(), new ByteArraySerializer());
    }

    void close(@Disposes KafkaProducer<String, byte[]> producer) {
        producer.close(Duration.ofSeconds(10));
    }
}
