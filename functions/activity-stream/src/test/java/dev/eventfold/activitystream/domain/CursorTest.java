package dev.eventfold.activitystream.domain;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {

    @Test
    void anItemIsNewOnlyAboveTheOffsetReadOfItsPartition() {
        Cursor cursor = Cursor.empty();
        assertThat(cursor.advance(new Position("users", 0, 5))).isTrue();
        assertThat(cursor.advance(new Position("users", 0, 5))).isFalse();
        assertThat(cursor.advance(new Position("users", 0, 3))).isFalse();
        assertThat(cursor.isNew(new Position("users", 1, 0))).isTrue();
        assertThat(cursor.isNew(new Position("visits.enriched", 0, 0))).isTrue();
        assertThat(cursor.advance(new Position("users", 0, 6))).isTrue();
        assertThat(cursor.offset("users/0")).isEqualTo(6);
    }

    @Test
    void aCursorCoversAnotherWhenAtOrPastItOnEveryPartitionTheOtherNames() {
        Cursor feed = Cursor.of(java.util.Map.of("users/0", 9L, "visits.enriched/1", 4L));
        assertThat(feed.covers(Cursor.empty())).isTrue();
        assertThat(feed.covers(Cursor.of(java.util.Map.of("users/0", 9L)))).isTrue();
        assertThat(feed.covers(Cursor.of(java.util.Map.of("users/0", 3L, "visits.enriched/1", 4L)))).isTrue();
        assertThat(feed.covers(Cursor.of(java.util.Map.of("users/0", 10L)))).isFalse();
        // a partition the feed has not published anything of is not covered, whatever the offset
        assertThat(feed.covers(Cursor.of(java.util.Map.of("alerts/0", 0L)))).isFalse();
    }

    @Test
    void beforeTheNewestItemsAClientGetsExactlyThoseThenWhatFollows() {
        Cursor end = Cursor.of(java.util.Map.of("users/0", 9L, "visits.enriched/1", 4L, "alerts/0", 2L));
        java.util.List<ActivityItem> newest = java.util.List.of(item("users", 0, 7), item("visits.enriched", 1, 3),
                item("users", 0, 9), item("visits.enriched", 1, 4));

        Cursor start = end.before(newest);

        assertThat(newest).allMatch(i -> start.advance(i.position()));
        assertThat(start.offset("users/0")).isEqualTo(9);
        assertThat(start.offset("visits.enriched/1")).isEqualTo(4);
        assertThat(start.offset("alerts/0")).isEqualTo(2); // no newest item there: nothing older is sent
        assertThat(end.offset("users/0")).isEqualTo(9); // the snapshot's own cursor is left as it was
    }

    private static ActivityItem item(String topic, int partition, long offset) {
        return new ActivityItem(offset, new Position(topic, partition, offset), "org", "/src", "e" + offset,
                dev.eventfold.model.EventType.PAGE_VIEW_ENRICHED, "page", java.time.Instant.EPOCH, null);
    }

    @Test
    void encodesAndDecodesEveryPartition() {
        Cursor cursor = Cursor.empty();
        cursor.advance(new Position("visits.enriched", 2, 41));
        cursor.advance(new Position("campaign-stats", 0, 7));
        Cursor decoded = Cursor.decode(cursor.encode());
        assertThat(decoded.offsets()).isEqualTo(cursor.offsets());
        assertThat(Cursor.decode(Cursor.empty().encode()).offsets()).isEmpty();
    }

    @Test
    void refusesWhatItDidNotIssue() {
        assertThatThrownBy(() -> Cursor.decode("not base64!")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> Cursor.decode(b64("users/0"))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Cursor.decode(b64("secrets/0/1"))).hasMessageContaining("unknown topic");
        assertThatThrownBy(() -> Cursor.decode(b64("users/0/99999999999999999999"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cursor.decode("A".repeat(70_000))).hasMessageContaining("too long");
    }

    private static String b64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
