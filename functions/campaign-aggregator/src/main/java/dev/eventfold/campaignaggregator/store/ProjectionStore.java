package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.ProjectionChange;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** Carries out the pure core's projection changes, in order, within the runtime's transaction. */
@ApplicationScoped
public class ProjectionStore {

    @Inject
    PageEventStore pages;

    @Inject
    MembershipStore memberships;

    /**
     * Applies the changes in order. Consecutive views form one run applied set-based in two statements, so a
     * burst of views in a Kafka batch costs a few round trips, not two per view; the segments run one after the
     * other as a stream, never as a chain of nested Unis that grows with the batch.
     */
    public Uni<Void> apply(List<ProjectionChange> changes, SqlConnection tx) {
        List<Object> segments = new ArrayList<>();
        List<PageViewCounted> run = null;
        for (ProjectionChange change : changes) {
            if (change instanceof PageViewCounted view) {
                if (run == null) {
                    run = new ArrayList<>();
                    segments.add(run);
                }
                run.add(view);
            } else {
                run = null;
                segments.add(change);
            }
        }
        return Multi.createFrom().iterable(segments)
                .onItem().transformToUniAndConcatenate(segment -> segment instanceof ProjectionChange change
                        ? apply(change, tx)
                        : pages.viewed(views(segment), tx))
                .collect().last()
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private static List<PageViewCounted> views(Object segment) {
        return (List<PageViewCounted>) segment;
    }

    Uni<Void> apply(ProjectionChange change, SqlConnection tx) {
        if (change instanceof PageViewCounted view) {
            return pages.viewed(List.of(view), tx);
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
