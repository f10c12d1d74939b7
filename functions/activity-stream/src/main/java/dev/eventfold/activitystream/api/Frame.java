package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Live items of one organization as one text frame, encoded once for every subscriber of that organization: a JSON
 * array of {@code item} messages whose cursors are the hub's feed position after each item. {@code after} is that
 * position after the last item, what a subscriber compares its own cursor with before it takes frames as they are.
 * {@code bytes} is the text encoded once for every socket (see {@link SharedFrames}): valid only while the hub hands
 * the frame out (it releases it then), null when the frame is too big for one raw write.
 */
record Frame(List<ActivityItem> items, String text, Cursor after, ByteBuf bytes) {

    int size() {
        return items.size();
    }
}
