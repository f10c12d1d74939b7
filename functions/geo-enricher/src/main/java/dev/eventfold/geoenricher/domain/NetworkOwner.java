package dev.eventfold.geoenricher.domain;

import dev.eventfold.model.Nullable;

/** The autonomous system an address belongs to, from an ASN database. */
public record NetworkOwner(long asn, @Nullable String organization) {
}
