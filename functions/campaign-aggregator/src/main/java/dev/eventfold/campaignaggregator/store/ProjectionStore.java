package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.ProjectionChange;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** Carries out the pure core's projection changes, in order, within the runtime's transaction. */
@ApplicationScoped
public class ProjectionStore {

    @Inject
    PageEventStore pages;

    @Inject
    MembershipStore memberships;

    public Uni<Void> apply(List<ProjectionChange> changes, SqlConnection tx) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ProjectionChange change : changes) {
            chain = chain.chain(() -> apply(change, tx));
        }
        return chain;
    }

    Uni<Void> apply(ProjectionChange change, SqlConnection tx) {
        if (change instanceof PageViewCounted view) {
            return pages.viewed(view, tx);
        } else if (change instanceof MembershipChanged membership) {
            return memberships.membership(membership, tx);
        } else if (change instanceof PageSent sent) {
            return pages.sent(sent, tx);
        } else if (change instanceof PageClicked clicked) {
            return pages.clicked(clicked, tx);
        } else if (change instanceof PageCreated created) {
            return pages.created(created, tx);
        } else if (change instanceof CampaignDescribed described) {
            return memberships.described(described, tx);
        }
        throw new IllegalArgumentException("unknown change " + change);
    }
}
