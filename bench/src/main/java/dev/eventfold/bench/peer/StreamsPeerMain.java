package dev.eventfold.bench.peer;

import dev.eventfold.bench.peer.UserFold.Folded;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The peer: the user fold as a Kafka Streams application (groupByKey().aggregate() into RocksDB, caching off so
 * that every update is emitted) writing the same USER_STATE_UPDATED events as user-aggregator. Runs in its own JVM.
 * Arguments: bootstrap, input topic, output topic, application id, processing guarantee.
 */
public final class StreamsPeerMain {

    /** Derived ids use user-aggregator's function name, so that outputs match record for record. */
    public static final String FUNCTION_NAME = "user-aggregator";
    public static final String SOURCE = FUNCTION_NAME;

    /**
     * {@code -Dbench.streams.strict=true}: decode every record with the contract's strict {@link EventCodec}
     * (validation included) as before 2026-12-04, instead of trusting what ingest validated.
     */
    static final boolean STRICT = Boolean.getBoolean("bench.streams.strict");
    /** {@code -Dbench.streams.json-state=true}: the state store's values as JSON instead of {@link FoldedSerde}. */
    static final boolean JSON_STATE = Boolean.getBoolean("bench.streams.json-state");

    private StreamsPeerMain() {
    }

    public static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(STRICT ? StrictDecode::new : Decode::new)
                .filter((key, event) -> event != null && UserFold.folds(event.type()))
                .groupByKey(Grouped.with(Serdes.String(), JsonSerde.of(CloudEvent.class)))
                .aggregate(() -> Folded.EMPTY, (key, event, folded) -> UserFold.apply(folded, event),
                        Materialized.<String, Folded, KeyValueStore<Bytes, byte[]>>as("users")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(JSON_STATE ? JsonSerde.of(Folded.class) : FoldedSerde.serde())
                                .withCachingDisabled())
                .toStream()
                .processValues(Encode::new)
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.apply();
        String bootstrap = args[0];
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[3]);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args.length > 4 ? args[4] : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // tuned as its users would on 2 cores: a thread per core (the input has more partitions than that), producer
        // batching like the ceiling's; the cache stays off so that every update is emitted, one output per input
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Integer.getInteger("bench.streams.threads", Runtime.getRuntime().availableProcessors()));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "10");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "2000");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        KafkaStreams streams = new KafkaStreams(topology(args[1], args[2]), p);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            System.out.println("STATE " + now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
        stopped.await();
    }

    /**
     * The USER_STATE_UPDATED event for a user's folded state, as user-aggregator derives it: deterministic id, the
     * user (the events' subject, never the record key, which is org-scoped) as subject, the last event's time,
     * actor and trace, the user's version as {@code sequence}.
     */
    static CloudEvent derived(Folded f) {
        CloudEvent out = CloudEvent.of(DerivedIds.derivedId(FUNCTION_NAME, f.orgId(), f.lastSource(), f.lastEventId()),
                SOURCE, EventType.USER_STATE_UPDATED, f.state().id(), f.lastTime(), f.orgId(), f.actorId(), f.state());
        return out.withTrace(f.traceparent(), f.tracestate()).withSequence(f.version());
    }

    /**
     * The derived event's record value: the state serialised straight to JSON, the same bytes as
     * {@code KafkaBinding.dataBytes(derived(f))} without the detour through a JSON tree (tested).
     */
    static byte[] dataBytes(Folded f) {
        try {
            return Json.MAPPER.writeValueAsBytes(f.state());
        } catch (IOException e) {
            throw new IllegalStateException("the state always serialises", e);
        }
    }

    private static final com.fasterxml.jackson.databind.JsonNode NO_DATA =
            com.fasterxml.jackson.databind.node.NullNode.getInstance();

    /** The derived event's ce_* headers, {@code KafkaBinding.headers(derived(f))} without building its data. */
    static Headers headers(Folded f) {
        CloudEvent envelope = new CloudEvent(DerivedIds.derivedId(FUNCTION_NAME, f.orgId(), f.lastSource(),
                f.lastEventId()), SOURCE, EventType.USER_STATE_UPDATED.type(), f.state().id(), f.lastTime(), f.orgId(),
                f.actorId(), NO_DATA).withTrace(f.traceparent(), f.tracestate()).withSequence(f.version());
        return KafkaBinding.headers(envelope);
    }

    /**
     * Binary-mode record to CloudEvent, as a Kafka Streams application on an already validated topic would read
     * it: the ce_* headers as they are and the value parsed once, without the contract's validation (ingest ran it
     * before the events topic). Records of other types pass by without their data being parsed; one missing a
     * required attribute or with unparsable JSON is a poison record: null, filtered out.
     */
    static final class Decode implements FixedKeyProcessor<String, byte[], CloudEvent> {
        private FixedKeyProcessorContext<String, CloudEvent> context;

        @Override
        public void init(FixedKeyProcessorContext<String, CloudEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            context.forward(record.withValue(decode(record.headers(), record.value())));
        }
    }

    /** The trusting decode of {@link Decode}; null for a record to skip. */
    static CloudEvent decode(Headers headers, byte[] value) {
        String type = header(headers, "type");
        if (type == null || !UserFold.folds(type) || value == null) {
            return null;
        }
        String id = header(headers, "id");
        String source = header(headers, "source");
        String subject = header(headers, "subject");
        String time = header(headers, "time");
        if (id == null || source == null || subject == null || time == null) {
            return null;
        }
        try {
            return new CloudEvent(id, source, type, subject, Instant.parse(time), header(headers, "orgid"),
                    header(headers, "actorid"), Json.MAPPER.readTree(value), header(headers, "traceparent"),
                    header(headers, "tracestate"), null);
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private static String header(Headers headers, String attribute) {
        Header h = headers.lastHeader(KafkaBinding.PREFIX + attribute);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The strict decode (the contract's codec, validation included); a poison record becomes null. */
    static final class StrictDecode implements FixedKeyProcessor<String, byte[], CloudEvent> {
        private final EventCodec codec = EventCodec.internal();
        private FixedKeyProcessorContext<String, CloudEvent> context;

        @Override
        public void init(FixedKeyProcessorContext<String, CloudEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            CloudEvent event;
            try {
                event = codec.decode(KafkaBinding.toStructured(record.headers(), record.value()));
            } catch (ValidationException e) {
                event = null;
            }
            context.forward(record.withValue(event));
        }
    }

    /** Folded user to the derived USER_STATE_UPDATED record: deterministic id, ce_* headers, state as data. */
    static final class Encode implements FixedKeyProcessor<String, Folded, byte[]> {
        private FixedKeyProcessorContext<String, byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Folded> record) {
            context.forward(record.withValue(dataBytes(record.value())).withHeaders(headers(record.value())));
        }
    }
}
