package dev.eventfold.model.payload;

/**
 * An API key was issued to the organization in {@code orgid}. Carries only the key's peppered hash, so that
 * functions with a read API can authenticate callers from their own tables; the key itself is never recorded.
 */
public record ApiKeyIssued(String keyHash, String label) {
}
