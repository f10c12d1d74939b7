package dev.eventfold.alerting.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserState;

import java.util.List;
import java.util.Optional;

/** What each kind of rule reads from its input event (the triggers validated the event against the catalog). */
public final class Observations {

    private Observations() {
    }

    public static Optional<Observation> of(Rule rule, CloudEvent event) {
        if (!rule.kind().input().type().equals(event.type())) {
            return Optional.empty();
        }
        return switch (rule.kind()) {
            case FAILED_LOGINS_PER_USER -> Optional.of(Observation.count(event.subject(), event.time()));
            case FAILED_LOGINS_PER_IP -> Optional.of(
                    Observation.count(event.payload(UserLoginFailed.class).ip(), event.time()));
            case CAMPAIGN_VIEWS -> {
                CampaignStatsUpdated stats = event.payload(CampaignStatsUpdated.class);
                yield Optional.of(new Observation(stats.campaignId(), event.time(), stats.views(), null, List.of()));
            }
            case NEW_COUNTRY -> {
                PageViewEnriched view = event.payload(PageViewEnriched.class);
                String country = "known".equals(view.geo()) ? view.countryCode() : null;
                yield Optional.of(new Observation(view.pageId(), event.time(), 1, country, List.of()));
            }
            case USER_STATE_CHANGE -> {
                UserState user = event.payload(UserState.class);
                List<String> values = user.roles() == null ? List.of() : user.roles();
                yield Optional.of(new Observation(user.id(), event.time(), 0, null, values));
            }
        };
    }
}
