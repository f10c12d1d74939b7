package dev.eventfold.ingest.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New API keys: {@code efk_} followed by 32 random bytes in URL-safe Base64 (256 bits), and how a caller's key is
 * read from a request ({@code X-Api-Key}, or {@code Authorization: Bearer <key>}).
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "efk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key a request presents, or null: {@code X-Api-Key} first, then a Bearer token. */
    public static String presented(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.trim();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
