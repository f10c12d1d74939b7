package dev.eventfold.geoenricher.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** Header of a dead-lettered record: why it can never be processed. */
    public static final String DEAD_LETTER_REASON = "eventfold_dead_letter_reason";
    /** Header of a dead-lettered record: the function that refused it. */
    public static final String DEAD_LETTER_FUNCTION = "eventfold_dead_letter_function";

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
    public Uni<Void> deadLetter(String key, Headers headers, byte[] value, String functionName, String reason) {
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.add(DEAD_LETTER_FUNCTION, functionName.getBytes(StandardCharsets.UTF_8));
        copy.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        return send(Topic.DEAD_LETTER.topicName(prefix), key, copy, value);
    }

    private Uni<Void> send(String topic, String key, Headers headers, byte[] value) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return out.sendMessage(Message.of(value).addMetadata(metadata));
    }

    public String topicPrefix() {
        return prefix;
    }
}
