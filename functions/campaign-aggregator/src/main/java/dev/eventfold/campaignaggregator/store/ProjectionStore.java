package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.CampaignAggregator;
import dev.eventfold.campaignaggregator.domain.ProjectionChange;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventRejectedException;
import dev.eventfold.runtime.replay.AppliedEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The projection's one write path, for the live handler (on the active version) and the replay (on the version it
 * catches up): the pure core's changes of each event not applied to that version before, in order, within the
 * caller's transaction.
 */
@ApplicationScoped
public class ProjectionStore {

    @Inject
    PageEventStore pages;

    @Inject
    MembershipStore memberships;

    /** The store outside CDI (the replay command). */
    public static ProjectionStore standalone() {
        ProjectionStore store = new ProjectionStore();
        store.pages = new PageEventStore();
        store.memberships = new MembershipStore();
        return store;
    }

    /**
     * Applies {@code events} in order to version {@code schema}: the pure core decides every event's changes first
     * (an event that can never apply is named, so the caller leaves out exactly that one), the version's
     * {@code applied_events} keeps those it holds already out, and the rest's changes are applied.
     */
    public Uni<Void> applyEvents(String schema, List<CloudEvent> events, SqlConnection tx) {
        return Uni.createFrom().deferred(() -> {
            List<List<ProjectionChange>> perEvent = new ArrayList<>(events.size());
            for (CloudEvent event : events) {
                try {
                    perEvent.add(CampaignAggregator.changesFor(event));
                } catch (ValidationException e) {
                    throw new EventRejectedException(event, e);
                }
            }
            return AppliedEvents.recordNew(tx, schema, events).chain(fresh -> {
                List<ProjectionChange> changes = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    if (fresh.remove(events.get(i).identity())) { // a copy later in the same batch is a duplicate
                        changes.addAll(perEvent.get(i));
                    }
                }
                return changes.isEmpty() ? Uni.createFrom().voidItem() : apply(changes, schema, tx);
            });
        });
    }

    /**
     * Applies the changes in order. Consecutive views form one run, consecutive created / sent / clicked changes
     * another, each applied set-based in two statements (the runs end at any other change, a membership change
     * in particular), so a burst of page events in a Kafka batch costs a few round trips, not two per event; the
     * segments run one after the other as a stream, never as a chain of nested Unis that grows with the batch.
     */
    Uni<Void> apply(List<ProjectionChange> changes, String schema, SqlConnection tx) {
        List<List<ProjectionChange>> segments = new ArrayList<>();
        List<ProjectionChange> run = null;
        Run kind = null;
        for (ProjectionChange change : changes) {
            Run next = Run.of(change);
            if (run == null || next == Run.NONE || next != kind) {
                run = new ArrayList<>();
                segments.add(run);
                kind = next;
            }
            run.add(change);
        }
        return Multi.createFrom().iterable(segments)
                .onItem().transformToUniAndConcatenate(segment -> switch (Run.of(segment.get(0))) {
                    case VIEWS -> pages.viewed(views(segment), schema, tx);
                    case PAGE_CHANGES -> pages.changed(segment, schema, tx);
                    case NONE -> apply(segment.get(0), schema, tx);
                })
                .collect().last()
                .replaceWithVoid();
    }

    /** Which set-based run a change can be part of; {@code NONE} is applied on its own. */
    private enum Run {
        VIEWS, PAGE_CHANGES, NONE;

        static Run of(ProjectionChange change) {
            if (change instanceof PageViewCounted) {
                return VIEWS;
            }
            return change instanceof PageCreated || change instanceof PageSent || change instanceof PageClicked
                    ? PAGE_CHANGES
                    : NONE;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PageViewCounted> views(List<ProjectionChange> segment) {
        return (List<PageViewCounted>) (List<?>) segment;
    }

    /** A change outside every run: a membership change or a campaign's description. */
    private Uni<Void> apply(ProjectionChange change, String schema, SqlConnection tx) {
        if (change instanceof MembershipChanged membership) {
            return memberships.membership(membership, schema, tx);
        } else if (change instanceof CampaignDescribed described) {
            return memberships.described(described, schema, tx);
        }
        throw new IllegalArgumentException("unknown change " + change);
    }
}
