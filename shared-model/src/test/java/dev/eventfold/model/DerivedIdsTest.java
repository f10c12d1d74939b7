package dev.eventfold.model;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedIdsTest {

    @Test
    void sameFunctionAndSourceGiveTheSameId() {
        assertThat(DerivedIds.derivedId("user-aggregator", "evt-1"))
                .isEqualTo(DerivedIds.derivedId("user-aggregator", "evt-1"));
    }

    @Test
    void otherFunctionOrSourceGiveOtherIds() {
        String id = DerivedIds.derivedId("user-aggregator", "evt-1");

        assertThat(DerivedIds.derivedId("geo-enricher", "evt-1")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator", "evt-2")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator\nevt", "1")).isNotEqualTo(DerivedIds.derivedId("user-aggregator", "evt\n1"));
    }

    @Test
    void idsAreVersion5Uuids() {
        UUID uuid = UUID.fromString(DerivedIds.derivedId("user-aggregator", "evt-1"));

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
    }
}
