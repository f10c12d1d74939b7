package dev.eventfold.campaignaggregator.api;

import dev.eventfold.campaignaggregator.store.CampaignQueries.Page;

import java.time.Instant;
import java.util.List;

/** One page of a campaign's pages and the cursor of the next one ({@code null} at the end). */
public record PageList(List<Item> items, String nextCursor) {

    /** A page's own counts. */
    public record Item(String pageId, Instant sentAt, long views, long uniqueVisitors, Instant firstViewAt,
                       Instant lastViewAt, long clicks) {
    }

    /** From {@code limit + 1} rows: the extra row only says there is a next page. */
    static PageList of(List<Page> rows, int limit, String sort) {
        List<Item> items = rows.stream().limit(limit).map(p -> new Item(p.pageId(), p.sentAt(), p.views(),
                p.uniqueVisitors(), p.firstViewAt(), p.lastViewAt(), p.clicks())).toList();
        String next = null;
        if (rows.size() > limit) {
            Page last = rows.get(limit - 1);
            next = new PageCursor(sort, last.sortKey(), last.pageId()).encode();
        }
        return new PageList(items, next);
    }
}
