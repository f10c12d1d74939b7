package dev.eventfold.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.alerting.domain.AlertEvents;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.eventfold.alerting.AlertEventsFixture.T0;
import static dev.eventfold.alerting.AlertEventsFixture.at;
import static dev.eventfold.alerting.TestSupport.alerts;
import static dev.eventfold.alerting.TestSupport.as;
import static dev.eventfold.alerting.TestSupport.createRule;
import static dev.eventfold.alerting.TestSupport.header;
import static dev.eventfold.alerting.TestSupport.ids;
import static dev.eventfold.alerting.TestSupport.issueKey;
import static dev.eventfold.alerting.TestSupport.newOrg;
import static dev.eventfold.alerting.TestSupport.post;
import static dev.eventfold.alerting.TestSupport.postAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * The Knative path and the rules API: binary-mode CloudEvents over HTTP through the runtime into the rules of
 * their organization, alerts read back from the real alerts topic. Each test works in an organization of its own;
 * event times are fixed (windows follow event time, so the wall clock plays no part).
 */
@QuarkusTest
@QuarkusTestResource(value = AlertingTestResource.class, restrictToAnnotatedClass = false)
public class AlertingFunctionTest {

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void failedLoginsRaiseExactlyOncePerWindowAlsoWhenRedelivered() throws Exception {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String rule = createRule(key, "{\"kind\":\"failed-logins-per-user\",\"threshold\":3}");
        String ada = user();
        CloudEvent[] firstWindow = {events.loginFailed(ada, at(1), "10.0.0.1"),
                events.loginFailed(ada, at(2), "10.0.0.2"), events.loginFailed(ada, at(3), "10.0.0.3")};

        postAll(firstWindow);
        postAll(firstWindow);
        postAll(events.loginFailed(ada, at(4), "10.0.0.4"));
        postAll(events.loginFailed(ada, at(11), "10.0.0.1"), events.loginFailed(ada, at(12), "10.0.0.1"),
                events.loginFailed(ada, at(13), "10.0.0.1"));

        String first = AlertEvents.alertId(false, rule, ada, T0.toString());
        String second = AlertEvents.alertId(false, rule, ada, at(10).toString());
        List<ConsumerRecord<String, byte[]>> alerts = alerts(rule, seen -> ids(seen).contains(second));
        assertThat(ids(alerts)).containsExactly(first, second);
        ConsumerRecord<String, byte[]> raised = alerts.get(0);
        assertThat(header(raised, "ce_type")).isEqualTo(EventType.ALERT_RAISED.type());
        assertThat(header(raised, "ce_orgid")).isEqualTo(org);
        JsonNode data = Json.MAPPER.readTree(raised.value());
        assertThat(data.get("ruleKind").asText()).isEqualTo("failed-logins-per-user");
        assertThat(data.get("key").asText()).isEqualTo(ada);
        assertThat(data.get("observedValue").asDouble()).isEqualTo(3);
        assertThat(data.get("windowStart").asText()).isEqualTo(T0.toString());
        assertThat(data.get("windowEnd").asText()).isEqualTo(at(10).toString());
    }

    @Test
    void oneIpFailingAcrossUsersRaisesThePerIpRule() {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String rule = createRule(key, "{\"kind\":\"failed-logins-per-ip\",\"threshold\":3,\"window\":\"PT5M\"}");
        String ip = "203.0.113." + (int) (Math.random() * 200);

        postAll(events.loginFailed(user(), at(1), ip), events.loginFailed(user(), at(2), ip),
                events.loginFailed(user(), at(3), ip));

        String expected = AlertEvents.alertId(false, rule, ip, T0.toString());
        assertThat(ids(alerts(rule, seen -> ids(seen).contains(expected)))).containsExactly(expected);
    }

    @Test
    void aPageViewedFromANewCountryAndAUserGainingAdminRaiseAndLosingAdminResolves() {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String countryRule = createRule(key, "{\"kind\":\"new-country\"}");
        String adminRule = createRule(key, "{\"kind\":\"user-state-change\",\"field\":\"roles\",\"gained\":\"admin\"}");
        String page = "page-" + UUID.randomUUID();
        String ada = user();

        postAll(events.pageViewed(page, at(1), "DE"), events.pageViewed(page, at(2), "DE"),
                events.pageViewed(page, at(3), "BR"), events.pageViewed(page, at(4), "BR"));
        postAll(events.userState(ada, at(1), "viewer"), events.userState(ada, at(2), "viewer", "admin"),
                events.userState(ada, at(3), "viewer"));

        String brazil = AlertEvents.alertId(false, countryRule, page, "BR");
        assertThat(ids(alerts(countryRule, seen -> ids(seen).contains(brazil)))).containsExactly(brazil);
        String gained = AlertEvents.alertId(false, adminRule, ada, "gained@" + at(2));
        String lost = AlertEvents.alertId(true, adminRule, ada, "lost@" + at(3));
        List<ConsumerRecord<String, byte[]>> admin = alerts(adminRule, seen -> ids(seen).contains(lost));
        assertThat(ids(admin)).containsExactly(gained, lost);
        assertThat(header(admin.get(1), "ce_type")).isEqualTo(EventType.ALERT_RESOLVED.type());
    }

    @Test
    void campaignViewsAboveTheThresholdRaiseOnceAndResolveWhenAnHourClosesWithinBounds() {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String rule = createRule(key, "{\"kind\":\"campaign-views\",\"direction\":\"above\",\"threshold\":100}");
        String campaign = "campaign-" + UUID.randomUUID();

        postAll(events.campaignStats(campaign, at(1), 0), events.campaignStats(campaign, at(30), 150),
                events.campaignStats(campaign, at(40), 300), events.campaignStats(campaign, at(70), 310),
                events.campaignStats(campaign, at(130), 320));

        String raised = AlertEvents.alertId(false, rule, campaign, T0.toString());
        String resolved = AlertEvents.alertId(true, rule, campaign, at(60).toString());
        assertThat(ids(alerts(rule, seen -> ids(seen).contains(resolved)))).containsExactly(raised, resolved);
    }

    @Test
    void oneOrganizationsRuleNeverSeesAnothersEvents() throws Exception {
        String acme = newOrg();
        String globex = newOrg();
        String acmeRule = createRule(issueKey(acme), "{\"kind\":\"failed-logins-per-user\",\"threshold\":2}");
        String globexRule = createRule(issueKey(globex), "{\"kind\":\"failed-logins-per-user\",\"threshold\":4}");
        String shared = user();
        AlertEventsFixture fromGlobex = new AlertEventsFixture(globex);
        AlertEventsFixture fromAcme = new AlertEventsFixture(acme);

        postAll(fromGlobex.loginFailed(shared, at(1), "ip"), fromGlobex.loginFailed(shared, at(2), "ip"),
                fromGlobex.loginFailed(shared, at(3), "ip"));
        postAll(fromAcme.loginFailed(shared, at(4), "ip"), fromAcme.loginFailed(shared, at(5), "ip"));

        String expected = AlertEvents.alertId(false, acmeRule, shared, T0.toString());
        List<ConsumerRecord<String, byte[]>> alerts = alerts(acmeRule, seen -> ids(seen).contains(expected));
        assertThat(ids(alerts)).containsExactly(expected);
        assertThat(header(alerts.get(0), "ce_orgid")).isEqualTo(acme);
        assertThat(Json.MAPPER.readTree(alerts.get(0).value()).get("observedValue").asDouble()).isEqualTo(2);
        // globex's 3 failures stayed under its own threshold of 4, with acme's 2 not added to them
        postAll(fromGlobex.loginFailed(shared, at(6), "ip"));
        String globexAlert = AlertEvents.alertId(false, globexRule, shared, T0.toString());
        assertThat(ids(alerts(globexRule, seen -> ids(seen).contains(globexAlert)))).containsExactly(globexAlert);
    }

    @Test
    void aDisabledRuleStaysQuiet() {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String disabled = createRule(key, "{\"kind\":\"failed-logins-per-user\",\"threshold\":2}");
        String enabled = createRule(key, "{\"kind\":\"failed-logins-per-user\",\"threshold\":2}");
        as(key).post("/rules/" + disabled + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        String ada = user();

        postAll(events.loginFailed(ada, at(1), "ip"), events.loginFailed(ada, at(2), "ip"));

        String expected = AlertEvents.alertId(false, enabled, ada, T0.toString());
        // both rules are evaluated in the same transaction: once the enabled one's alert is out, so would be the other's
        List<ConsumerRecord<String, byte[]>> all = TestSupport.allAlerts(seen -> ids(seen).contains(expected));
        assertThat(ids(TestSupport.ofRule(all, enabled))).containsExactly(expected);
        assertThat(TestSupport.ofRule(all, disabled)).isEmpty();
    }

    @Test
    void eventsLaterThanTheAllowedLatenessAreIgnoredAndCounted() {
        String org = newOrg();
        String key = issueKey(org);
        AlertEventsFixture events = new AlertEventsFixture(org);
        String rule = createRule(key, "{\"kind\":\"failed-logins-per-user\",\"threshold\":2}");
        String ada = user();
        double before = lateEvents();

        // 10:30 moves the watermark past 10:00-10:10 plus 5 minutes of lateness: 10:02 comes too late to count
        postAll(events.loginFailed(ada, at(1), "ip"), events.loginFailed(ada, at(30), "ip"),
                events.loginFailed(ada, at(2), "ip"));
        // 10:25 is late, yet within the lateness of 10:20-10:30: it counts
        postAll(events.loginFailed(ada, at(25), "ip"), events.loginFailed(ada, at(29), "ip"));

        String counted = AlertEvents.alertId(false, rule, ada, at(20).toString());
        assertThat(ids(alerts(rule, seen -> ids(seen).contains(counted)))).containsExactly(counted);
        assertThat(lateEvents()).isEqualTo(before + 1);
    }

    @Test
    void rulesAreCreatedListedUpdatedAndDisabledWithinTheOrganization() {
        String org = newOrg();
        String key = issueKey(org);
        String otherKey = issueKey(newOrg());

        String id = as(key).body("{\"kind\":\"failed-logins-per-user\",\"name\":\"brute force\"}").post("/rules")
                .then().statusCode(201).body("window", equalTo("PT10M")).body("threshold", equalTo(5.0f))
                .body("enabled", equalTo(true)).extract().path("id");
        as(key).body("{\"kind\":\"new-country\"}").post("/rules").then().statusCode(201);

        as(key).get("/rules").then().statusCode(200).body("items", hasSize(2))
                .body("items.kind", containsInAnyOrder("failed-logins-per-user", "new-country"));
        as(key).body("{\"kind\":\"failed-logins-per-user\",\"threshold\":10,\"window\":\"PT1H\"}")
                .put("/rules/" + id).then().statusCode(200).body("threshold", equalTo(10.0f))
                .body("window", equalTo("PT1H")).body("name", equalTo(null));
        as(key).post("/rules/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as(key).get("/rules/" + id).then().statusCode(200).body("enabled", equalTo(false))
                .body("threshold", equalTo(10.0f));
        as(key).post("/rules/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));

        as(otherKey).get("/rules/" + id).then().statusCode(404).contentType("application/problem+json");
        as(otherKey).post("/rules/" + id + "/disable").then().statusCode(404);
        as(otherKey).get("/rules").then().statusCode(200).body("items", hasSize(0));
        RestAssured.given().get("/rules").then().statusCode(401);
    }

    @Test
    void badRulesAre400ProblemsNamingEveryField() {
        String key = issueKey(newOrg());

        as(key).body("{\"kind\":\"failed-logins-per-user\",\"window\":\"PT-10M\"}").post("/rules").then()
                .statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid rule"))
                .body("errors.field", hasItem("window"));
        as(key).body("{\"kind\":\"failed-logins-per-user\",\"window\":\"PT0S\",\"threshold\":0,\"colour\":\"red\"}")
                .post("/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("window", "threshold", "colour"));
        as(key).body("{\"kind\":\"user-state-change\",\"field\":\"salary\",\"gained\":\"x\"}").post("/rules").then()
                .statusCode(400).body("errors.field", hasItem("field"));
        as(key).body("{\"kind\":\"weather\"}").post("/rules").then().statusCode(400)
                .body("errors.field", hasItem("kind"));
        as(key).body("{not json").post("/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("body"));
        String id = createRule(key, "{\"kind\":\"new-country\"}");
        as(key).body("{\"kind\":\"failed-logins-per-ip\"}").put("/rules/" + id).then().statusCode(400)
                .body("errors.field", hasItem("kind"));
        as(key).get("/rules").then().body("items", hasSize(1));
    }

    /** The late-events counter of the failed-logins rules, from the Prometheus endpoint. */
    private static double lateEvents() {
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^eventfold_alerting_late_events_total\\{[^}]*kind=\"failed-logins-per-user\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
