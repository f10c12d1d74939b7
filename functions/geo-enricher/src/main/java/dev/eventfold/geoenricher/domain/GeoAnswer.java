package dev.eventfold.geoenricher.domain;

import dev.eventfold.model.Nullable;

import java.util.Objects;

/**
 * Everything the databases tell about one public address: a location, or the reason there is none; the network
 * owner and anonymity flags when those databases are configured (null when not configured).
 */
public record GeoAnswer(
        @Nullable GeoLocation location,
        @Nullable UnknownReason unknownReason,
        @Nullable NetworkOwner owner,
        @Nullable AnonymityFlags anonymity) {

    public GeoAnswer {
        if ((location == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("exactly one of location and unknownReason");
        }
    }

    public static GeoAnswer unknown(UnknownReason reason) {
        return new GeoAnswer(null, Objects.requireNonNull(reason), null, null);
    }
}
