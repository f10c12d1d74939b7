package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** An event's identity is (organization, source, id): the same id from another tenant or source is another event. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class EventIdentityTest {

    @Test
    void twoOrganizationsSendingTheSameEventIdOverHttpAreBothApplied() {
        String id = "17-" + UUID.randomUUID();
        CloudEvent ofA = withId(userCreated("user-" + UUID.randomUUID(), "Ada"), id).withOrgId("org-a-" + id);
        CloudEvent ofB = withId(userCreated("user-" + UUID.randomUUID(), "Bob"), id).withOrgId("org-b-" + id);

        post(ofA).then().statusCode(204);
        post(ofB).then().statusCode(204);
        post(ofB).then().statusCode(204);

        assertThat(counter(ofA.subject())).isEqualTo(1);
        assertThat(counter(ofB.subject())).as("B's event is not A's duplicate, and B's redelivery is B's").isEqualTo(1);
    }

    @Test
    void twoSourcesOfOneOrganizationSendingTheSameEventIdAreBothApplied() {
        String id = "42-" + UUID.randomUUID();
        CloudEvent app = withSource(withId(userCreated("user-" + UUID.randomUUID(), "Ada"), id), "/app");
        CloudEvent crm = withSource(withId(userCreated("user-" + UUID.randomUUID(), "Bob"), id), "/crm");

        post(app).then().statusCode(204);
        post(crm).then().statusCode(204);

        assertThat(counter(app.subject())).isEqualTo(1);
        assertThat(counter(crm.subject())).isEqualTo(1);
    }

    @Test
    void twoOrganizationsSendingTheSameEventIdOnKafkaAreBothAppliedOnce() {
        String id = "kafka-" + UUID.randomUUID();
        CloudEvent ofA = withId(userCreated("user-" + UUID.randomUUID(), "Ada"), id).withOrgId("org-a-" + id);
        CloudEvent ofB = withId(userCreated("user-" + UUID.randomUUID(), "Bob"), id).withOrgId("org-b-" + id);

        produce(List.of(record(ofA), record(ofB), record(ofB), record(ofA)));

        eventually("both organizations' events are applied", () -> counter(ofA.subject()) == 1 && counter(ofB.subject()) == 1);
        assertThat(counter(ofA.subject())).isEqualTo(1);
        assertThat(counter(ofB.subject())).isEqualTo(1);
    }

    @Test
    void anIdRecordedBeforeIdentitiesWereScopedStillCountsAsADuplicate() {
        // a row as migration V2 carries it over: organization and source unknown ('')
        CloudEvent redelivered = userCreated("user-" + UUID.randomUUID(), "Ada");
        execute("INSERT INTO runtime_test.processed_events (org_id, source, event_id) VALUES ('', '', '"
                + redelivered.id() + "')");

        post(redelivered).then().statusCode(204);

        assertThat(counter(redelivered.subject())).as("applied before the upgrade: not applied again").isEqualTo(-1);
    }

    private static CloudEvent withId(CloudEvent e, String id) {
        return new CloudEvent(id, e.source(), e.type(), e.subject(), e.time(), e.orgId(), e.actorId(), e.data());
    }

    private static CloudEvent withSource(CloudEvent e, String source) {
        return new CloudEvent(e.id(), source, e.type(), e.subject(), e.time(), e.orgId(), e.actorId(), e.data());
    }
}
