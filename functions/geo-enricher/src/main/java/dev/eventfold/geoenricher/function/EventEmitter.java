package dev.eventfold.geoenricher.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Writes geo-enricher's output to Kafka in the CloudEvents binary binding (key = subject): enriched page views to
 * their catalog topic, and poison records to the dead-letter topic with the reason in a header. The returned Uni
 * completes when the broker acknowledged the record (acks=all).
 */
@ApplicationScoped
public class EventEmitter {

    /** Headers of a dead-lettered record, named as function-runtime's DeadLetterHeaders names them. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    public static final String DEAD_LETTER_FUNCTION = "dead-letter-function";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    private final MutinyEmitter<byte[]> out;
    private final String prefix;

    EventEmitter(@Channel(Channels.OUT) MutinyEmitter<byte[]> out,
                 @ConfigProperty(name = "eventfold.topic-prefix", defaultValue = Topic.DEFAULT_PREFIX) String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** Sends a derived event to the topic its type belongs to. */
    public Uni<Void> emit(CloudEvent event) {
        return send(event.eventType().topic().topicName(prefix), event.subject(), KafkaBinding.headers(event),
                KafkaBinding.dataBytes(event));
    }

    /** Sends a record that can never apply, unchanged, to the dead-letter topic. */
    public Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String functionName, String reason) {
        RecordHeaders copy = new RecordHeaders(record.headers().toArray());
        copy.add(DEAD_LETTER_REASON, utf8(reason));
        copy.add(DEAD_LETTER_FUNCTION, utf8(functionName));
        copy.add(DEAD_LETTER_TOPIC, utf8(record.topic()));
        copy.add(DEAD_LETTER_PARTITION, utf8(Integer.toString(record.partition())));
        copy.add(DEAD_LETTER_OFFSET, utf8(Long.toString(record.offset())));
        return send(Topic.DEAD_LETTER.topicName(prefix), record.key(), copy, record.value());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Uni<Void> send(String topic, String key, Headers headers, byte[] value) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return out.sendMessage(Message.of(value).addMetadata(metadata));
    }
}
