package dev.eventfold.integrations.domain;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Credentials at rest: AES-256-GCM with a random 96-bit nonce per encryption and the owning destination
 * ({@code orgId/destinationId}) as associated data, so a ciphertext copied into another destination's row does
 * not decrypt. Stored as {@code v1:<base64(nonce || ciphertext || tag)>}.
 */
public final class CredentialCipher {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes (AES-256) */
    public CredentialCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the credential key must be 32 bytes (AES-256), was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** From the configuration's form: base64 of 32 bytes. */
    public static CredentialCipher fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the credential key must be base64 (of 32 bytes)");
        }
        return new CredentialCipher(bytes);
    }

    public String encrypt(String plaintext, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }

    /** The plaintext; {@link IllegalArgumentException} when it was not sealed by this key for this owner. */
    public String decrypt(String stored, String owner) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an encrypted credential");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("encrypted credential too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("credential does not decrypt with this key for this destination");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }

    /** What the API shows of a credential: its last 4 characters, the rest masked. */
    public static String hint(String credential) {
        return credential.length() <= 8 ? "****" : "…" + credential.substring(credential.length() - 4);
    }
}
