package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka path end to end on the real broker: batches, poison records, duplicates, derived events. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class KafkaTriggerTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aBatchWithPoisonRecordsDeadLettersThemAndAppliesTheRest() {
        String run = UUID.randomUUID().toString();
        CloudEvent first = userCreated("a-" + run, "Ada");
        CloudEvent second = userCreated("b-" + run, "Grace");
        CloudEvent third = userCreated("c-" + run, "Edsger");
        CloudEvent rejected = userCreated("p-" + run, CounterHandler.POISON);
        ProducerRecord<String, byte[]> undecodable = new ProducerRecord<>(topic(Topic.EVENTS), null, "x-" + run,
                "not json".getBytes(StandardCharsets.UTF_8), KafkaBinding.headers(userCreated("x-" + run, "X")));

        produce(List.of(record(first), undecodable, record(second), record(rejected), record(first), record(third)));

        eventually("three subjects applied", () -> counter("a-" + run) == 1 && counter("b-" + run) == 1
                && counter("c-" + run) == 1);
        List<ConsumerRecord<String, byte[]>> dead = read(Topic.DEAD_LETTER,
                seen -> keys(seen).containsAll(Set.of("x-" + run, key("p-" + run))), Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> mine = dead.stream()
                .filter(r -> r.key().equals("x-" + run) || r.key().equals(key("p-" + run))).toList();
        assertThat(keys(mine)).containsExactlyInAnyOrder("x-" + run, key("p-" + run));
        ConsumerRecord<String, byte[]> poison = mine.stream().filter(r -> r.key().equals(key("p-" + run))).findFirst().orElseThrow();
        assertThat(header(poison, DeadLetterHeaders.REASON)).contains("data.name: is poison");
        assertThat(header(poison, DeadLetterHeaders.TOPIC)).isEqualTo(topic(Topic.EVENTS));
        assertThat(header(poison, DeadLetterHeaders.OFFSET)).matches("\\d+");
        assertThat(header(poison, DeadLetterHeaders.FUNCTION)).isEqualTo("runtime-test");
        assertThat(header(poison, "ce_id")).isEqualTo(rejected.id());
        ConsumerRecord<String, byte[]> garbage = mine.stream().filter(r -> r.key().equals("x-" + run)).findFirst().orElseThrow();
        assertThat(header(garbage, DeadLetterHeaders.REASON)).contains("not valid JSON");
        assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).isEqualTo("not json");

        assertThat(counter("p-" + run)).isEqualTo(-1);
        assertThat(processed(rejected.id())).isFalse();
        Set<String> derivedIds = Set.of(DerivedIds.derivedId(CounterHandler.NAME, first),
                DerivedIds.derivedId(CounterHandler.NAME, second), DerivedIds.derivedId(CounterHandler.NAME, third));
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> ids(seen).containsAll(derivedIds), Duration.ofSeconds(30));
        assertThat(ids(users)).containsAll(derivedIds);
        assertThat(users.stream().filter(r -> derivedIds.contains(header(r, "ce_id")))).hasSize(3);
    }

    @Test
    void anEventThePostgresRefusesAsDataIsDeadLetteredAloneAndTheBatchMovesOn() {
        String run = UUID.randomUUID().toString();
        CloudEvent before = userCreated("d1-" + run, "Ada");
        CloudEvent refused = userCreated("d2-" + run, CounterHandler.REFUSED_BY_DATABASE);
        CloudEvent after = userCreated("d3-" + run, "Grace");

        produce(List.of(record(before), record(refused), record(after)));

        eventually("the events around the refused one applied",
                () -> counter("d1-" + run) == 1 && counter("d3-" + run) == 1);
        List<ConsumerRecord<String, byte[]>> dead = read(Topic.DEAD_LETTER,
                seen -> keys(seen).contains(key("d2-" + run)), Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> r.key().equals(key("d2-" + run))).findFirst()
                .orElseThrow();
        assertThat(header(letter, DeadLetterHeaders.REASON)).contains("22012");
        assertThat(processed(refused.id())).isFalse();
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        String run = UUID.randomUUID().toString();
        CloudEvent event = userCreated("r-" + run, "Ada");
        produce(List.of(record(event)));
        eventually("applied once", () -> counter("r-" + run) == 1);

        CloudEvent later = userCreated("r2-" + run, "Barbara");
        produce(List.of(record(event), record(event), record(later)));
        eventually("the later event applied", () -> counter("r2-" + run) == 1);

        assertThat(counter("r-" + run)).isEqualTo(1);
    }

    @Test
    void aTransientFaultIsRetriedWithoutSkipping() {
        String run = UUID.randomUUID().toString();
        execute("ALTER TABLE runtime_test.counters RENAME TO counters_gone");
        try {
            produce(List.of(record(userCreated("t-" + run, "Ada")), record(userCreated("u-" + run, "Alan"))));
            double before = retries();
            eventually("the failing batch is retried", () -> retries() >= before + 2);
            eventually("readiness shows the stalled channel", () -> triggerCheck().equals("DOWN"));
        } finally {
            execute("ALTER TABLE runtime_test.counters_gone RENAME TO counters");
        }
        eventually("both applied after the fault", () -> counter("t-" + run) == 1 && counter("u-" + run) == 1);
        eventually("readiness is back once the channel moves", () -> triggerCheck().equals("UP"));
    }

    private static String triggerCheck() {
        List<Map<String, Object>> checks = RestAssured.get("/q/health/ready").jsonPath().getList("checks");
        return checks.stream().filter(c -> "eventfold-kafka-trigger".equals(c.get("name")))
                .map(c -> String.valueOf(c.get("status"))).findFirst().orElse("absent");
    }

    private double retries() {
        var counter = registry.find(EventMetrics.RETRIES).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet());
    }

}
