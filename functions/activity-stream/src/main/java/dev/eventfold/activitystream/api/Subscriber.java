package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connected browser of one organization. While its replay is read from the store, live frames are held (at
 * most {@code maxPending} items); then replay and held items go out through its own {@link Cursor}, which drops
 * what it already sent, and it is live. As soon as the hub's feed position covers its cursor (usually the first
 * live frame), the cursors the hub wrote into its frames are exact for this client too: from then on it gets the
 * shared frames as they are, without a cursor or an encoding of its own. Every write counts its items as pending
 * until Vert.x flushed it to the socket: past {@code maxPending} the client is slow, gets {@code resync} and leaves
 * the live feed, so memory per client is bounded whatever it does.
 */
final class Subscriber {

    private final String orgId;
    private final WebSocketConnection connection;
    /** The connection's Vert.x socket for the shared frames' bytes; null: every write goes through sendText. */
    private final WebSocketBase socket;
    private final int maxPending;
    private final Consumer<Subscriber> onDrop;

    /** Its own cursor until it takes the shared frames (then null). */
    private Cursor cursor = Cursor.empty();
    private List<Frame> held = new ArrayList<>();
    private int heldItems;
    private boolean live;
    private boolean dropped;
    private int pending;

    Subscriber(String orgId, WebSocketConnection connection, int maxPending, Consumer<Subscriber> onDrop) {
        this.orgId = orgId;
        this.connection = connection;
        this.socket = SharedFrames.socketOf(connection);
        this.maxPending = maxPending;
        this.onDrop = onDrop;
    }

    String orgId() {
        return orgId;
    }

    String connectionId() {
        return connection.id();
    }

    synchronized void offer(Frame frame) {
        if (dropped) {
            return;
        }
        if (!live) {
            if (heldItems + frame.size() > maxPending) {
                drop("too many live items arrived during the replay");
                return;
            }
            held.add(frame);
            heldItems += frame.size();
            return;
        }
        deliver(frame, true);
    }

    /** Sends the replay from {@code start}, then what was held meanwhile; from here on frames go out as they come. */
    synchronized void goLive(Cursor start, List<ActivityItem> replay) {
        if (dropped) {
            return;
        }
        cursor = start.copy();
        int sent = sendOwn(replay);
        write(WireMessages.live(cursor, sent), 1);
        for (Frame frame : held) {
            deliver(frame, false);
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

    /** Whether it takes the hub's frames as they are (its cursor is covered by the feed position). */
    synchronized boolean isShared() {
        return cursor == null;
    }

    /** {@code fresh}: the hub is handing the frame out now, so its shared bytes are still valid. */
    private void deliver(Frame frame, boolean fresh) {
        if (cursor == null) {
            if (fresh && frame.bytes() != null && socket != null) {
                writeShared(frame);
            } else {
                write(frame.text(), frame.size());
            }
            return;
        }
        sendOwn(frame.items());
        if (!dropped && frame.after().covers(cursor)) {
            cursor = null;
        }
    }

    /** The items new to this client, with its own cursors, as frames like the hub's; returns how many went out. */
    private int sendOwn(List<ActivityItem> items) {
        List<String> messages = new ArrayList<>();
        int length = 0;
        int sent = 0;
        for (ActivityItem item : items) {
            if (dropped || !cursor.advance(item.position())) {
                continue;
            }
            String message = WireMessages.item(item, cursor.encode());
            messages.add(message);
            length += message.length() + 1;
            sent++;
            if (length >= ActivityHub.FRAME_CHARS) {
                write(WireMessages.frame(messages), messages.size());
                messages.clear();
                length = 0;
            }
        }
        if (!messages.isEmpty()) {
            write(WireMessages.frame(messages), messages.size());
        }
        return sent;
    }

    private void write(String text, int items) {
        if (mayWrite()) {
            pending += items;
            connection.sendText(text).subscribe().with(v -> flushed(items), f -> flushed(items));
        }
    }

    private void writeShared(Frame frame) {
        if (mayWrite()) {
            int items = frame.size();
            pending += items;
            SharedFrames.write(socket, frame.bytes()).onComplete(done -> flushed(items));
        }
    }

    private boolean mayWrite() {
        if (dropped) {
            return false;
        }
        if (pending >= maxPending) {
            drop("the client reads slower than its activity arrives");
            return false;
        }
        return true;
    }

    private synchronized void flushed(int items) {
        pending -= items;
    }
}
