package dev.eventfold.model.payload;



/**
 * The API key with this peppered hash, issued to the organization in {@code orgid}, no longer authenticates
 * anyone: every function folds this into its copy of the keys, and refuses the key from then on.
 */
public record ApiKeyRevoked(String keyHash) {
}
