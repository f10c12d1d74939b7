package dev.eventfold.ingest.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New API keys: {@code efk_} followed by 32 random bytes in URL-safe Base64 (256 bits). How a request presents a key
 * and how it is hashed for storage is the runtime's {@link dev.eventfold.runtime.tenancy.ApiKeys}.
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
}
