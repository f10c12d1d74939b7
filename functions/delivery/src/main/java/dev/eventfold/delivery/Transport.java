package dev.eventfold.delivery;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The destination-specific part of delivery, the one thing a delivering function writes: how a batch of claimed
 * messages for one destination goes out. Everything else (the durable queue, claims shared by replicas,
 * per-subject order, the retry schedule, attempt records, replay, pausing and disabling destinations) is the
 * library's.
 *
 * <p>A transport is an {@code @ApplicationScoped} CDI bean; the {@link dev.eventfold.delivery.worker.DeliveryWorker} finds every bean of this
 * type and sends a destination's messages through the one whose {@link #name()} equals the destination's
 * {@code transport} (as given to {@link dev.eventfold.delivery.store.DestinationStore#create}). Contract of {@link #send}:
 * <ul>
 *   <li>the batch holds 1 to {@link #maxBatchCount()} messages of one destination, at most {@link #maxBatchBytes()}
 *       bytes of payload together (a single larger message still comes alone), oldest first; with
 *       per-subject order on, never two messages of one subject;</li>
 *   <li>it returns exactly one {@link dev.eventfold.delivery.domain.Outcome} per message, in the batch's order
 *       (a per-item status inside a batch answer maps to that item's outcome; a whole-batch answer is copied to
 *       each);</li>
 *   <li>it should not fail: a failed {@code Uni}, or a list of the wrong size, counts as a retry of every message;</li>
 *   <li>it runs on the event loop: no blocking; it bounds its own request time (see {@code GuardedHttpClient});</li>
 *   <li>delivery is at least once: a message may be sent again after a crash, always with the same
 *       {@link Message#eventId()}, which the receiver should use to deduplicate.</li>
 * </ul>
 */
public interface Transport {

    /** The name destinations of this transport carry, e.g. {@code webhooks}, {@code hubspot}. */
    String name();

    /** Most messages per batch; 1 (the default) for one request per message, like webhooks. */
    default int maxBatchCount() {
        return 1;
    }

    /** Most payload bytes per batch (the sum of {@link Message#payload()} lengths). */
    default long maxBatchBytes() {
        return Long.MAX_VALUE;
    }

    /** Sends the batch; one outcome per message, in order. */
    Uni<List<dev.eventfold.delivery.domain.Outcome>> send(Batch batch);
}
