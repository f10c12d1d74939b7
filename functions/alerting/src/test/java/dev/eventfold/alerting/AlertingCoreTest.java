package dev.eventfold.alerting;

import dev.eventfold.alerting.domain.Alert;
import dev.eventfold.alerting.domain.AlertEvents;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.alerting.domain.RuleSpec;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.payload.AlertRaised;
import dev.eventfold.model.payload.AlertResolved;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.alerting.AlertEventsFixture.T0;
import static dev.eventfold.alerting.AlertEventsFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure core, given events / when events / then alerts: no container, no clock (event time only). */
class AlertingCoreTest {

    private static final Duration LATENESS = Duration.ofMinutes(5);
    private final AlertEventsFixture acme = new AlertEventsFixture("org-acme");

    static Rule rule(String orgId, String json) {
        try {
            return RuleSpec.parse(Json.MAPPER.readTree(json)).toRule("rule-" + UUID.randomUUID(), orgId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private CloudEvent[] failures(String user, String ip, int count, int fromMinute) {
        CloudEvent[] events = new CloudEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = acme.loginFailed(user, at(fromMinute, i), ip);
        }
        return events;
    }

    @Test
    void fiveFailedLoginsOfOneUserInTenMinutesRaiseOneAlertForTheWindow() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\"}");
        Fold fold = new Fold(LATENESS, rule).given(failures("ada", "10.0.0.1", 4, 1));

        List<Alert> fifth = fold.when(acme.loginFailed("ada", at(8), "10.0.0.2"));
        List<Alert> more = fold.when(failures("ada", "10.0.0.1", 3, 9));

        assertThat(fifth).singleElement().satisfies(alert -> {
            assertThat(alert.resolved()).isFalse();
            assertThat(alert.key()).isEqualTo("ada");
            assertThat(alert.windowStart()).isEqualTo(T0);
            assertThat(alert.windowEnd()).isEqualTo(at(10));
            assertThat(alert.observed()).isEqualTo(5);
            assertThat(alert.threshold()).isEqualTo(5);
        });
        assertThat(more).isEmpty();
    }

    @Test
    void theNextWindowRaisesItsOwnAlertWithAnotherId() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":3,\"window\":\"PT10M\"}");
        Fold fold = new Fold(LATENESS, rule);

        List<Alert> first = fold.when(failures("ada", "10.0.0.1", 3, 1));
        List<Alert> second = fold.when(failures("ada", "10.0.0.1", 3, 11));

        assertThat(first).hasSize(1);
        assertThat(second).singleElement().satisfies(a -> assertThat(a.windowStart()).isEqualTo(at(10)));
        assertThat(AlertEvents.toEvent(first.get(0)).id()).isNotEqualTo(AlertEvents.toEvent(second.get(0)).id());
    }

    @Test
    void failuresSpreadOverTwoWindowsDoNotAlert() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\"}");

        List<Alert> alerts = new Fold(LATENESS, rule).when(
                acme.loginFailed("ada", at(6), "ip"), acme.loginFailed("ada", at(7), "ip"),
                acme.loginFailed("ada", at(8), "ip"), acme.loginFailed("ada", at(11), "ip"),
                acme.loginFailed("ada", at(12), "ip"));

        assertThat(alerts).isEmpty();
    }

    @Test
    void oneIpFailingForManyUsersRaisesThePerIpRuleOnly() {
        Rule perIp = rule("org-acme", "{\"kind\":\"failed-logins-per-ip\",\"threshold\":3}");
        Rule perUser = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":3}");

        List<Alert> alerts = new Fold(LATENESS, perIp, perUser).when(acme.loginFailed("ada", at(1), "6.6.6.6"),
                acme.loginFailed("bob", at(2), "6.6.6.6"), acme.loginFailed("eve", at(3), "6.6.6.6"));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo(perIp);
            assertThat(a.key()).isEqualTo("6.6.6.6");
        });
    }

    @Test
    void outOfOrderAndLateEventsWithinTheLatenessStillCount() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":3}");
        Fold fold = new Fold(LATENESS, rule).given(acme.loginFailed("ada", at(9), "ip"),
                acme.loginFailed("ada", at(12), "ip"), acme.loginFailed("ada", at(2), "ip"));

        // 14:00 is 4 minutes after the first window's end: within the 5 minutes of lateness
        List<Alert> alerts = fold.when(acme.loginFailed("ada", at(14), "ip"), acme.loginFailed("ada", at(5), "ip"));

        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.windowStart()).isEqualTo(T0));
        assertThat(fold.late).isZero();
    }

    @Test
    void eventsLaterThanTheLatenessAreIgnoredAndCounted() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":3}");
        Fold fold = new Fold(LATENESS, rule).given(acme.loginFailed("ada", at(1), "ip"),
                acme.loginFailed("ada", at(2), "ip"), acme.loginFailed("ada", at(15), "ip"));

        List<Alert> alerts = fold.when(acme.loginFailed("ada", at(3), "ip"));

        assertThat(alerts).isEmpty();
        assertThat(fold.late).isEqualTo(1);
    }

    @Test
    void anotherOrganizationsEventsNeverReachARule() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":2}");
        AlertEventsFixture globex = new AlertEventsFixture("org-globex");

        List<Alert> alerts = new Fold(LATENESS, rule).when(globex.loginFailed("ada", at(1), "ip"),
                globex.loginFailed("ada", at(2), "ip"), acme.loginFailed("ada", at(3), "ip"));

        assertThat(alerts).isEmpty();
    }

    @Test
    void campaignViewsAboveTheThresholdRaiseOnceAndResolveWhenAnHourClosesWithinBounds() {
        Rule rule = rule("org-acme", "{\"kind\":\"campaign-views\",\"direction\":\"above\",\"threshold\":100}");
        Fold fold = new Fold(LATENESS, rule).given(acme.campaignStats("c1", at(0, 30), 1000));

        List<Alert> raised = fold.when(acme.campaignStats("c1", at(20), 1060), acme.campaignStats("c1", at(40), 1120),
                acme.campaignStats("c1", at(50), 1300));
        List<Alert> stillAbove = fold.when(acme.campaignStats("c1", at(70), 1350));
        List<Alert> resolved = fold.when(acme.campaignStats("c1", at(126), 1360));

        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.resolved()).isFalse();
            assertThat(a.key()).isEqualTo("c1");
            assertThat(a.observed()).isEqualTo(120);
            assertThat(a.windowStart()).isEqualTo(T0);
        });
        assertThat(stillAbove).isEmpty();
        // the hour from 11:00 closed at 12:05 with 50 views: resolved, naming the 10:00 window
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.resolved()).isTrue();
            assertThat(a.windowStart()).isEqualTo(at(60));
            assertThat(a.raisedWindowStart()).isEqualTo(T0);
            assertThat(a.observed()).isEqualTo(50);
        });
    }

    @Test
    void campaignViewsBelowTheThresholdAreJudgedWhenTheHourClosesAndSilentHoursCountAsZero() {
        Rule rule = rule("org-acme", "{\"kind\":\"campaign-views\",\"direction\":\"below\",\"threshold\":10}");
        Fold fold = new Fold(LATENESS, rule).given(acme.campaignStats("c1", at(1), 0),
                acme.campaignStats("c1", at(59), 50));

        List<Alert> duringTheNextHour = fold.when(acme.campaignStats("c1", at(64), 52));
        List<Alert> afterASilentHour = fold.when(acme.campaignStats("c1", at(190), 60));

        assertThat(duringTheNextHour).isEmpty();
        // 11:00 had 2 views (raised at its close), 12:00 none (the alert is still open: not raised again)
        assertThat(afterASilentHour).singleElement().satisfies(a -> {
            assertThat(a.resolved()).isFalse();
            assertThat(a.windowStart()).isEqualTo(at(60));
            assertThat(a.observed()).isEqualTo(2);
        });
    }

    @Test
    void campaignViewsJumpingAboveAMultipleOfTheTrailingAverageRaise() {
        Rule rule = rule("org-acme",
                "{\"kind\":\"campaign-views\",\"direction\":\"above\",\"multiple\":3,\"trailingWindows\":2}");
        Fold fold = new Fold(LATENESS, rule).given(acme.campaignStats("c1", at(0), 0),
                acme.campaignStats("c1", at(59), 10), acme.campaignStats("c1", at(119), 20));

        List<Alert> under = fold.when(acme.campaignStats("c1", at(150), 45));
        List<Alert> over = fold.when(acme.campaignStats("c1", at(170), 51));

        assertThat(under).isEmpty();
        assertThat(over).singleElement().satisfies(a -> {
            assertThat(a.threshold()).isEqualTo(30);
            assertThat(a.observed()).isEqualTo(31);
        });
    }

    @Test
    void aPageViewedFromANewCountryRaisesOncePerCountry() {
        Rule rule = rule("org-acme", "{\"kind\":\"new-country\"}");
        Fold fold = new Fold(LATENESS, rule).given(acme.pageViewed("p1", at(1), "DE"),
                acme.pageViewed("p1", at(2), null), acme.pageViewed("p1", at(3), "DE"));

        List<Alert> fr = fold.when(acme.pageViewed("p1", at(4), "FR"));
        List<Alert> again = fold.when(acme.pageViewed("p1", at(5), "FR"), acme.pageViewed("p1", at(6), "DE"));

        assertThat(fr).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p1");
            assertThat(a.episode()).isEqualTo("FR");
            assertThat(a.detail()).contains("FR");
        });
        assertThat(again).isEmpty();
    }

    @Test
    void aLateViewOlderThanEveryOtherMakesTheFormerBaselineTheNewCountry() {
        Rule rule = rule("org-acme", "{\"kind\":\"new-country\"}");
        Fold fold = new Fold(LATENESS, rule).given(acme.pageViewed("p1", at(4), "DE"));

        List<Alert> alerts = fold.when(acme.pageViewed("p1", at(1), "FR"));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.episode()).isEqualTo("DE");
            assertThat(a.windowStart()).isEqualTo(at(4));
        });
    }

    @Test
    void gainingAdminRaisesLosingItResolvesAndAStaleStateChangesNothing() {
        Rule rule = rule("org-acme", "{\"kind\":\"user-state-change\",\"field\":\"roles\",\"gained\":\"admin\"}");
        Fold fold = new Fold(LATENESS, rule).given(acme.userState("ada", at(1), "viewer"));

        List<Alert> gained = fold.when(acme.userState("ada", at(2), "viewer", "admin"));
        List<Alert> stale = fold.when(acme.userState("ada", at(1), "viewer"));
        List<Alert> same = fold.when(acme.userState("ada", at(3), "admin"));
        List<Alert> lost = fold.when(acme.userState("ada", at(4), "viewer"));

        assertThat(gained).singleElement().satisfies(a -> assertThat(a.resolved()).isFalse());
        assertThat(stale).isEmpty();
        assertThat(same).isEmpty();
        assertThat(lost).singleElement().satisfies(a -> {
            assertThat(a.resolved()).isTrue();
            assertThat(a.raisedWindowStart()).isEqualTo(at(2));
        });
    }

    @Test
    void theFunctionConsumesExactlyTheInputsOfTheRuleKinds() {
        assertThat(dev.eventfold.alerting.domain.AlertingCore.CONSUMES)
                .isEqualTo(dev.eventfold.alerting.domain.RuleKind.inputs());
    }

    @Test
    void alertEventsHaveTheCatalogTypeAndAnIdOfRuleKeyAndWindowOnly() {
        Rule rule = rule("org-acme", "{\"kind\":\"failed-logins-per-user\",\"threshold\":1}");

        CloudEvent first = AlertEvents.toEvent(new Fold(LATENESS, rule).when(acme.loginFailed("ada", at(1), "a")).get(0));
        CloudEvent replayed = AlertEvents.toEvent(new Fold(LATENESS, rule).when(acme.loginFailed("ada", at(2), "b")).get(0));

        assertThat(first.id()).isEqualTo(replayed.id());
        assertThat(first.type()).isEqualTo(EventType.ALERT_RAISED.type());
        assertThat(first.subject()).isEqualTo(rule.id());
        assertThat(first.orgId()).isEqualTo("org-acme");
        AlertRaised payload = first.payload(AlertRaised.class);
        assertThat(payload.ruleKind()).isEqualTo("failed-logins-per-user");
        assertThat(payload.organizationId()).isEqualTo("org-acme");
        assertThat(AlertEvents.alertId(true, rule.id(), "ada", T0.toString())).isNotEqualTo(first.id());
        assertThat(AlertResolved.class).isEqualTo(EventType.ALERT_RESOLVED.payloadClass());
    }
}
