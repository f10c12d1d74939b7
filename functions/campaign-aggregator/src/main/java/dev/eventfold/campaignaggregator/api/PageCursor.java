package dev.eventfold.campaignaggregator.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset cursor over a campaign's pages: the sort it belongs to, the last row's sort key and page id.
 * Keyset, not offset, so a page of results stays cheap at 100,000 pages and stable while views come in.
 */
record PageCursor(String sort, long key, String pageId) {

    String encode() {
        String raw = sort + "\n" + key + "\n" + pageId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor, String expectedSort) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
            PageCursor decoded = new PageCursor(parts[0], Long.parseLong(parts[1]), parts[2]);
            if (!decoded.sort().equals(expectedSort)) {
                throw CampaignResource.invalid("cursor", "belongs to sort=" + decoded.sort());
            }
            return decoded;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw CampaignResource.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
