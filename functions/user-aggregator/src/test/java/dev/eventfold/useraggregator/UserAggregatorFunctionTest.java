package dev.eventfold.useraggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.useraggregator.TestSupport.as;
import static dev.eventfold.useraggregator.TestSupport.databaseUri;
import static dev.eventfold.useraggregator.TestSupport.header;
import static dev.eventfold.useraggregator.TestSupport.issueKey;
import static dev.eventfold.useraggregator.TestSupport.post;
import static dev.eventfold.useraggregator.TestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The Knative path: binary-mode CloudEvents over HTTP answered 204 (applied, duplicate, parked), 400 (never
 * applicable: dead-letter sink) or 500 (database down: the KafkaSource retries), and the read API over the result.
 * Each test works in an organization of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
public class UserAggregatorFunctionTest {

    private static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void appliesUserEventsEmitsTheDerivedStateAndServesTheUser() throws Exception {
        String org = newOrg();
        String key = issueKey(org);
        UserEvents events = new UserEvents(org);
        String id = newUser();
        CloudEvent created = events.created(id, 0, "Ada", "ada@example.com", "admin");

        post(created).then().statusCode(204);
        post(events.loggedIn(id, 1, "10.0.0.1")).then().statusCode(204);
        post(events.loginFailed(id, 2, "10.0.0.2", "bad password")).then().statusCode(204);

        as(key).get("/users/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("organizationId", equalTo(org)).body("name", equalTo("Ada"))
                .body("roles", contains("admin")).body("loginCount", equalTo(1)).body("failedLoginCount", equalTo(1))
                .body("lastLoginIp", equalTo("10.0.0.1"));
        String derivedId = DerivedIds.derivedId("user-aggregator", created);
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> derivedId.equals(header(r, "ce_id"))));
        ConsumerRecord<String, byte[]> record = users.stream()
                .filter(r -> derivedId.equals(header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(KafkaBinding.key(org, id));
        assertThat(header(record, "ce_type")).isEqualTo(EventType.USER_STATE_UPDATED.type());
        assertThat(header(record, "ce_orgid")).isEqualTo(org);
        JsonNode data = Json.MAPPER.readTree(record.value());
        assertThat(data.get("name").asText()).isEqualTo("Ada");
        assertThat(data.has("logins")).isFalse();
    }

    @Test
    void aDuplicateDeliveryIsAcknowledgedAndChangesNothing() {
        String org = newOrg();
        String key = issueKey(org);
        UserEvents events = new UserEvents(org);
        String id = newUser();
        CloudEvent login = events.loggedIn(id, 1, "10.0.0.1");
        post(events.created(id, 0, "Ada", "ada@example.com")).then().statusCode(204);

        post(login).then().statusCode(204);
        post(login).then().statusCode(204);

        as(key).get("/users/" + id).then().statusCode(200).body("loginCount", equalTo(1));
        as(key).get("/users/" + id + "/logins").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void anEventBeforeItsCreateIsParkedAndAppliedWhenTheCreateArrives() {
        String org = newOrg();
        String key = issueKey(org);
        UserEvents events = new UserEvents(org);
        String id = newUser();

        post(events.loggedIn(id, 5, "10.0.0.5")).then().statusCode(204);
        as(key).get("/users/" + id).then().statusCode(404);
        post(events.created(id, 0, "Ada", "ada@example.com")).then().statusCode(204);

        as(key).get("/users/" + id).then().statusCode(200)
                .body("loginCount", equalTo(1)).body("lastLoginIp", equalTo("10.0.0.5"));
    }

    @Test
    void aPoisonEventIs400WithEveryProblemAndStoresNothing() {
        String org = newOrg();
        String key = issueKey(org);
        CloudEvent poison = new UserEvents(org).poison(newUser(), 0);

        post(poison).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("data.name")).body("errors.field", hasItem("data.email"));

        as(key).get("/users/" + poison.subject()).then().statusCode(404);
    }

    @Test
    void anotherOrganizationCanNeitherChangeNorSeeTheUser() {
        String acme = newOrg();
        String globex = newOrg();
        String acmeKey = issueKey(acme);
        String globexKey = issueKey(globex);
        String id = newUser();
        post(new UserEvents(acme).created(id, 0, "Ada", "ada@example.com")).then().statusCode(204);

        // user ids are scoped to their organization: this names globex's own user id (not created: parked)
        post(new UserEvents(globex).updated(id, 1, "Mallory", null, null)).then().statusCode(204);

        as(acmeKey).get("/users/" + id).then().statusCode(200).body("name", equalTo("Ada"));
        as(globexKey).get("/users/" + id).then().statusCode(404).contentType("application/problem+json");
        as(globexKey).get("/users/" + id + "/logins").then().statusCode(404);
        as(globexKey).get("/users").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void twoOrganizationsCreatingTheSameUserIdEachReadTheirOwn() {
        String acme = newOrg();
        String globex = newOrg();
        String acmeKey = issueKey(acme);
        String globexKey = issueKey(globex);
        String id = "u1-" + UUID.randomUUID();
        post(new UserEvents(acme).created(id, 0, "Ada", "ada@example.com", "admin")).then().statusCode(204);
        post(new UserEvents(acme).loggedIn(id, 1, "10.0.0.1")).then().statusCode(204);

        post(new UserEvents(globex).created(id, 2, "Bob", "bob@example.com")).then().statusCode(204);
        post(new UserEvents(globex).loginFailed(id, 3, "10.0.0.2", "bad password")).then().statusCode(204);

        as(acmeKey).get("/users/" + id).then().statusCode(200).body("name", equalTo("Ada"))
                .body("organizationId", equalTo(acme)).body("loginCount", equalTo(1)).body("failedLoginCount", equalTo(0));
        as(globexKey).get("/users/" + id).then().statusCode(200).body("name", equalTo("Bob"))
                .body("organizationId", equalTo(globex)).body("loginCount", equalTo(0)).body("failedLoginCount", equalTo(1));
        as(acmeKey).get("/users/" + id + "/logins").then().statusCode(200).body("items", hasSize(1));
        as(acmeKey).get("/users/" + id + "/failed-logins").then().statusCode(200).body("items", hasSize(0));
        as(globexKey).get("/users/" + id + "/logins").then().statusCode(200).body("items", hasSize(0));
        as(globexKey).get("/users/" + id + "/failed-logins").then().statusCode(200).body("items", hasSize(1));
        as(acmeKey).get("/users").then().statusCode(200).body("items.name", contains("Ada"));
        as(globexKey).get("/users").then().statusCode(200).body("items.name", contains("Bob"));
    }

    @Test
    void theSameEventIdFromTwoOrganizationsIsAppliedForBoth() {
        String acme = newOrg();
        String globex = newOrg();
        String acmeKey = issueKey(acme);
        String globexKey = issueKey(globex);
        String eventId = "17-" + UUID.randomUUID();
        CloudEvent ofAcme = withId(new UserEvents(acme).created(newUser(), 0, "Ada", "ada@example.com"), eventId);
        CloudEvent ofGlobex = withId(new UserEvents(globex).created(newUser(), 0, "Bob", "bob@example.com"), eventId);

        post(ofAcme).then().statusCode(204);
        post(ofGlobex).then().statusCode(204);

        as(acmeKey).get("/users/" + ofAcme.subject()).then().statusCode(200).body("name", equalTo("Ada"));
        as(globexKey).get("/users/" + ofGlobex.subject()).then().statusCode(200).body("name", equalTo("Bob"));
    }

    private static CloudEvent withId(CloudEvent e, String id) {
        return new CloudEvent(id, e.source(), e.type(), e.subject(), e.time(), e.orgId(), e.actorId(), e.data());
    }

    @Test
    void theReadApiPaginatesUsersAndHistoryNewestFirst() {
        String org = newOrg();
        String key = issueKey(org);
        UserEvents events = new UserEvents(org);
        for (String id : List.of("a-user", "b-user", "c-user")) {
            post(events.created(id + org, 0, id, id + "@example.com")).then().statusCode(204);
        }
        String id = "a-user" + org;
        for (int minute = 1; minute <= 3; minute++) {
            post(events.loggedIn(id, minute, "10.0.0." + minute)).then().statusCode(204);
        }
        post(events.loginFailed(id, 4, "10.6.6.6", "locked")).then().statusCode(204);

        String cursor = as(key).queryParam("limit", 2).get("/users").then().statusCode(200)
                .body("items.name", contains("a-user", "b-user")).extract().path("nextCursor");
        as(key).queryParam("limit", 2).queryParam("cursor", cursor).get("/users").then().statusCode(200)
                .body("items.name", contains("c-user")).body("nextCursor", nullValue());

        String historyCursor = as(key).queryParam("limit", 2).get("/users/" + id + "/logins").then().statusCode(200)
                .body("items.ip", contains("10.0.0.3", "10.0.0.2")).extract().path("nextCursor");
        as(key).queryParam("limit", 2).queryParam("cursor", historyCursor).get("/users/" + id + "/logins").then()
                .statusCode(200).body("items.ip", contains("10.0.0.1")).body("nextCursor", nullValue());
        as(key).get("/users/" + id + "/failed-logins").then().statusCode(200)
                .body("items.reason", contains("locked"));

        as(key).queryParam("limit", 501).get("/users").then().statusCode(400)
                .body("errors.field", hasItem("query.limit"));
        as(key).queryParam("cursor", "not a cursor!").get("/users/" + id + "/logins").then().statusCode(400);
        RestAssured.given().get("/users").then().statusCode(401);
    }

    @Test
    void aDatabaseOutageIs500AndTheRetryApplies() throws Exception {
        String org = newOrg();
        String key = issueKey(org);
        String id = newUser();
        CloudEvent created = new UserEvents(org).created(id, 0, "Ada", "ada@example.com");
        String database = databaseUri().getPath().substring(1);
        Postgres postgres = Postgres.fromEnvironment();

        try (Connection admin = postgres.connect(postgres.adminDatabase()); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            try {
                post(created).then().statusCode(500);
            } finally {
                s.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
            }
        }

        TestSupport.eventually("the redelivery is applied", () -> post(created).statusCode() == 204);
        as(key).get("/users/" + id).then().statusCode(200).body("name", equalTo("Ada"));
    }
}
