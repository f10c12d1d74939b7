package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connected browser of one organization. While its replay is read from the store, live items are held (at
 * most {@code maxPending}); then replay and held items go out through its {@link Cursor}, which drops what it
 * already sent, and it is live. Every send counts as pending until Vert.x flushed it to the socket: past
 * {@code maxPending} the client is slow, gets {@code resync} and leaves the live feed, so memory per client is
 * bounded whatever it does.
 */
final class Subscriber {

    private final String orgId;
    private final WebSocketConnection connection;
    private final int maxPending;
    private final Consumer<Subscriber> onDrop;

    private Cursor cursor = Cursor.empty();
    private List<ActivityItem> held = new ArrayList<>();
    private boolean live;
    private boolean dropped;
    private int pending;

    Subscriber(String orgId, WebSocketConnection connection, int maxPending, Consumer<Subscriber> onDrop) {
        this.orgId = orgId;
        this.connection = connection;
        this.maxPending = maxPending;
        this.onDrop = onDrop;
    }

    String orgId() {
        return orgId;
    }

    String connectionId() {
        return connection.id();
    }

    synchronized void offer(ActivityItem item) {
        if (dropped) {
            return;
        }
        if (!live) {
            if (held.size() >= maxPending) {
                drop("too many live items arrived during the replay");
                return;
            }
            held.add(item);
            return;
        }
        send(item);
    }

    /** Sends the replay from {@code start}, then what was held meanwhile; from here on items go out as they come. */
    synchronized void goLive(Cursor start, List<ActivityItem> replay) {
        if (dropped) {
            return;
        }
        cursor = start.copy();
        int sent = 0;
        for (ActivityItem item : replay) {
            sent += send(item) ? 1 : 0;
        }
        write(WireMessages.live(cursor, sent));
        for (ActivityItem item : held) {
            send(item);
        }
        held = null;
        live = !dropped;
    }

    /** Tells the client to start over (reload, reconnect without cursor) and leaves the feed. */
    synchronized void drop(String reason) {
        if (dropped) {
            return;
        }
        dropped = true;
        held = null;
        onDrop.accept(this);
        connection.sendText(WireMessages.resync(reason))
                .chain(() -> connection.close(new CloseReason(CloseReason.NORMAL.getCode(), "resync")))
                .subscribe().with(v -> { }, f -> connection.close().subscribe().with(v -> { }, g -> { }));
    }

    synchronized boolean isDropped() {
        return dropped;
    }

    private boolean send(ActivityItem item) {
        if (dropped || !cursor.advance(item.position())) {
            return false;
        }
        write(WireMessages.item(item, cursor));
        return !dropped;
    }

    private void write(String message) {
        if (dropped) {
            return;
        }
        if (pending >= maxPending) {
            drop("the client reads slower than its activity arrives");
            return;
        }
        pending++;
        connection.sendText(message).subscribe().with(v -> flushed(), f -> flushed());
    }

    private synchronized void flushed() {
        pending--;
    }
}
