package dev.eventfold.bench.peer;

import dev.eventfold.bench.peer.UserFold.Folded;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.bench.UserWorkload;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.model.payload.UserUpdated;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer folds users by user-aggregator's rules, so that both write the same USER_STATE_UPDATED data. */
class UserFoldTest {

    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    static CloudEvent event(String id, EventType type, int minute, Record payload) {
        return CloudEvent.of(id, "/test", type, "u-1", T0.plusSeconds(60L * minute), "org-1", null, payload);
    }

    static Folded fold(CloudEvent... events) {
        Folded f = Folded.EMPTY;
        for (CloudEvent e : events) {
            f = UserFold.apply(f, e);
        }
        return f;
    }

    @Test
    void givenCreatedWhenLoginsAndUpdateThenCountsProfileAndLastLogin() {
        Folded f = fold(
                event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "ada@example.com", List.of("admin"))),
                event("e2", EventType.USER_LOGGED_IN, 1, new UserLoggedIn("10.0.0.1", null)),
                event("e3", EventType.USER_LOGIN_FAILED, 2, new UserLoginFailed("10.0.0.2", null, "bad_password")),
                event("e4", EventType.USER_UPDATED, 3, new UserUpdated(null, "ada@new.example", null)));

        assertThat(f.state()).isEqualTo(new UserState("u-1", "org-1", "Ada", "ada@new.example", List.of("admin"),
                T0, T0.plusSeconds(180), 1, 1, T0.plusSeconds(60), "10.0.0.1"));
        assertThat(f.lastEventId()).isEqualTo("e4");
    }

    @Test
    void loginsDoNotMoveUpdatedAtAndAnOlderLoginKeepsTheLatestAsLast() {
        Folded f = fold(
                event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "ada@example.com", List.of())),
                event("e2", EventType.USER_LOGGED_IN, 10, new UserLoggedIn("10.0.0.10", null)),
                event("e3", EventType.USER_LOGGED_IN, 5, new UserLoggedIn("10.0.0.5", null)));

        assertThat(f.state().updatedAt()).isEqualTo(T0);
        assertThat(f.state().loginCount()).isEqualTo(2);
        assertThat(f.state().lastLoginAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(f.state().lastLoginIp()).isEqualTo("10.0.0.10");
    }

    @Test
    void theOutputCarriesUserAggregatorsDerivedId() {
        Folded f = fold(event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "a@example.com", List.of())));

        CloudEvent out = StreamsPeerMain.derived(f);

        assertThat(out.id()).isEqualTo(DerivedIds.derivedId("user-aggregator", "org-1", "/test", "e1"));
        assertThat(out.type()).isEqualTo(EventType.USER_STATE_UPDATED.type());
        assertThat(out.source()).isEqualTo("user-aggregator");
        assertThat(out.subject()).isEqualTo("u-1");
        assertThat(out.payload(UserState.class)).isEqualTo(f.state());
    }

    @Test
    void theOutputCarriesTheUsersVersionAsSequenceAndTheLastEventsTrace() {
        String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Folded f = fold(
                event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "a@example.com", List.of())),
                event("e2", EventType.USER_LOGGED_IN, 1, new UserLoggedIn("10.0.0.1", null)).withTrace(trace, "k=v"));

        CloudEvent out = StreamsPeerMain.derived(f);

        assertThat(out.sequence()).isEqualTo(CloudEvent.of("x", "/x", EventType.USER_STATE_UPDATED, "u-1", T0, "o",
                null, f.state()).withSequence(2).sequence());
        assertThat(out.traceparent()).isEqualTo(trace);
        assertThat(out.tracestate()).isEqualTo("k=v");
        assertThat(out.time()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theTrustingDecodeReadsEveryWorkloadRecordAsTheStrictCodecDoes() {
        for (CloudEvent e : UserWorkload.of(2_000, 200).generate()) {
            ProducerRecord<String, byte[]> r = KafkaBinding.toRecord("t", e);

            CloudEvent strict = EventCodec.internal().decode(KafkaBinding.toStructured(r.headers(), r.value()));

            assertThat(StreamsPeerMain.decode(r.headers(), r.value())).isEqualTo(strict);
        }
    }

    @Test
    void theRecordsValueAndHeadersAreThoseOfTheDerivedEventAndTheStateSurvivesItsSerde() {
        java.util.Map<String, Folded> users = new java.util.HashMap<>();
        for (CloudEvent e : UserWorkload.of(2_000, 200).generate()) {
            Folded f = UserFold.apply(users.getOrDefault(e.subject(), Folded.EMPTY), e);
            users.put(e.subject(), f);
            CloudEvent derived = StreamsPeerMain.derived(f);

            assertThat(StreamsPeerMain.dataBytes(f)).isEqualTo(KafkaBinding.dataBytes(derived));
            assertThat(StreamsPeerMain.headers(f).toArray()).containsExactly(KafkaBinding.headers(derived).toArray());
            assertThat(FoldedSerde.read(FoldedSerde.write(f))).isEqualTo(f);
        }
        assertThat(FoldedSerde.read(FoldedSerde.write(Folded.EMPTY))).isEqualTo(Folded.EMPTY);
    }

    @Test
    void theSubjectComesFromTheEventNotTheRecordKey() {
        CloudEvent e = event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "a@example.com", List.of()));
        ProducerRecord<String, byte[]> r = KafkaBinding.toRecord("t", e);

        CloudEvent decoded = StreamsPeerMain.decode(r.headers(), r.value());

        assertThat(StreamsPeerMain.derived(UserFold.apply(Folded.EMPTY, decoded)).subject()).isEqualTo("u-1");
    }

    @Test
    void recordsOfOtherTypesAndBrokenRecordsAreSkipped() {
        CloudEvent e = event("e1", EventType.USER_CREATED, 0, new UserCreated("Ada", "a@example.com", List.of()));
        ProducerRecord<String, byte[]> r = KafkaBinding.toRecord("t", e);

        assertThat(StreamsPeerMain.decode(r.headers(), "{not json".getBytes())).isNull();
        r.headers().remove(KafkaBinding.PREFIX + "time");
        assertThat(StreamsPeerMain.decode(r.headers(), r.value())).isNull();
        ProducerRecord<String, byte[]> other = KafkaBinding.toRecord("t", CloudEvent.of("e2", "/test",
                EventType.USER_STATE_UPDATED, "u-1", T0, "org-1", null, new UserState("u-1", "org-1", null, null,
                        List.of(), null, null, 0, 0, null, null)));
        assertThat(StreamsPeerMain.decode(other.headers(), other.value())).isNull();
    }
}
