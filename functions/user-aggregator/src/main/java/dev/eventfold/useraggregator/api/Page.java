package dev.eventfold.useraggregator.api;

import dev.eventfold.model.Nullable;

import java.util.List;

/** One page of a read-API list: the items and the opaque cursor of the next page (null on the last page). */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
}
