package dev.eventfold.model;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedIdsTest {

    @Test
    void sameFunctionAndSourceEventGiveTheSameId() {
        assertThat(DerivedIds.derivedId("user-aggregator", "org-a", "/app", "evt-1"))
                .isEqualTo(DerivedIds.derivedId("user-aggregator", new EventIdentity("org-a", "/app", "evt-1")));
    }

    @Test
    void otherFunctionOrSourceEventGiveOtherIds() {
        String id = DerivedIds.derivedId("user-aggregator", "org-a", "/app", "evt-1");

        assertThat(DerivedIds.derivedId("geo-enricher", "org-a", "/app", "evt-1")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator", "org-a", "/app", "evt-2")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator\nevt", "org-a", "/app", "1"))
                .isNotEqualTo(DerivedIds.derivedId("user-aggregator", "org-a", "/app", "evt\n1"));
    }

    @Test
    void theSameIdFromAnotherOrganizationOrSourceGivesAnotherId() {
        String id = DerivedIds.derivedId("user-aggregator", "org-a", "/app", "17");

        assertThat(DerivedIds.derivedId("user-aggregator", "org-b", "/app", "17")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator", "org-a", "/crm", "17")).isNotEqualTo(id);
        assertThat(DerivedIds.derivedId("user-aggregator", "org-a", "/app1", "7"))
                .isNotEqualTo(DerivedIds.derivedId("user-aggregator", "org-a", "/app", "17"));
    }

    @Test
    void idsAreVersion5Uuids() {
        UUID uuid = UUID.fromString(DerivedIds.derivedId("user-aggregator", "org-a", "/app", "evt-1"));

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
    }
}
