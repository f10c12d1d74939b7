package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.http.DeliveryAuthentication;
import dev.eventfold.runtime.http.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** With {@code eventfold.delivery.token} set, {@code POST /} without the token is refused 401 and changes nothing. */
@QuarkusTest
@TestProfile(DeliveryTokenTest.WithToken.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class DeliveryTokenTest {

    static final String TOKEN = "delivery-token-" + "for-tests";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventfold.delivery.token", TOKEN);
        }
    }

    private static RequestSpecification delivery(CloudEvent event) {
        return RestAssured.given()
                .header("ce-specversion", "1.0").header("ce-id", event.id()).header("ce-source", event.source())
                .header("ce-type", event.type()).header("ce-subject", event.subject())
                .header("ce-time", event.time().toString()).header("ce-orgid", event.orgId())
                .contentType("application/json").body(event.data().toString());
    }

    @Test
    void aDeliveryWithoutTheTokenIsRefusedAndChangesNothing() {
        CloudEvent forged = userCreated("user-" + UUID.randomUUID(), "Mallory");

        delivery(forged).post("/").then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("status", is(401));
        delivery(forged).header(DeliveryAuthentication.HEADER, "wrong").post("/").then().statusCode(401);

        assertThat(counter(forged.subject())).isEqualTo(-1);
    }

    @Test
    void aDeliveryWithTheTokenIsApplied() {
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Ada");

        delivery(event).header(DeliveryAuthentication.HEADER, TOKEN).post("/").then().statusCode(204);

        assertThat(counter(event.subject())).isEqualTo(1);
    }

    @Test
    void theReadApiNeedsNoDeliveryToken() {
        String org = "org-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        delivery(apiKeyIssued(org, key)).header(DeliveryAuthentication.HEADER, TOKEN).post("/").then().statusCode(204);

        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(200).body(is(org));
    }
}
