package dev.eventfold.runtime.observe;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.Violation;
import dev.eventfold.model.payload.AlertRaised;
import dev.eventfold.model.payload.AlertResolved;
import dev.eventfold.model.payload.EndpointDisabled;
import dev.eventfold.model.payload.EndpointTested;
import dev.eventfold.model.payload.MessageAttemptExhausted;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.ApiKeyRevoked;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.CampaignUpdated;
import dev.eventfold.model.payload.OrganizationCreated;
import dev.eventfold.model.payload.PageAddedToCampaign;
import dev.eventfold.model.payload.PageClicked;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageRemovedFromCampaign;
import dev.eventfold.model.payload.PageSent;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.model.payload.UserUpdated;
import dev.eventfold.runtime.http.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** For native images: the contract's records, which Jackson and EventCodec reach by reflection. */
@RegisterForReflection(targets = {
        CloudEvent.class, Violation.class, Nullable.class, Problem.class,
        OrganizationCreated.class, ApiKeyIssued.class, ApiKeyRevoked.class, UserCreated.class, UserUpdated.class,
        UserLoggedIn.class,
        UserLoginFailed.class, CampaignCreated.class, CampaignUpdated.class, PageCreated.class,
        PageAddedToCampaign.class, PageRemovedFromCampaign.class, PageSent.class, PageViewed.class,
        PageClicked.class, UserState.class, PageViewEnriched.class, CampaignStatsUpdated.class,
        AlertRaised.class, AlertResolved.class, EndpointDisabled.class, MessageAttemptExhausted.class,
        EndpointTested.class})
final class ContractReflection {

    private ContractReflection() {
    }
}
