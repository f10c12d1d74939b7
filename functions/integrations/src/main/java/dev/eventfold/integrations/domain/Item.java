package dev.eventfold.integrations.domain;

/** A translated event waiting in a batch: the delivery message's key and its translation. */
public record Item(String key, Translation translation) {
}
