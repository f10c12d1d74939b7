package dev.eventfold.runtime.trigger;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StaticMembershipTest {

    @Test
    void theConfiguredInstanceWinsOverTheHostVariable() {
        assertThat(StaticMembership.instanceId(Optional.of("replica-2"), "pod-7")).contains("replica-2");
    }

    @Test
    void withoutConfigurationThePodNameIsTheInstance() {
        assertThat(StaticMembership.instanceId(Optional.empty(), "user-aggregator-5d9c7b-x2x4q"))
                .contains("user-aggregator-5d9c7b-x2x4q");
    }

    @Test
    void withoutEitherTheHostsNameIsTheInstance() {
        assertThat(StaticMembership.instanceId(Optional.empty(), " ")).isPresent().get().asString().isNotBlank();
    }

    @Test
    void noneTurnsStaticMembershipOff() {
        assertThat(StaticMembership.instanceId(Optional.of("NONE"), "pod-7")).isEmpty();
    }

    @Test
    void theIdNamesTheChannelInCharactersKafkaAccepts() {
        assertThat(StaticMembership.groupInstanceId("host name/ü", "events")).isEqualTo("host_name__-events");
        assertThat(StaticMembership.groupInstanceId("h".repeat(300), "events")).hasSize(249).endsWith("-events");
    }
}
