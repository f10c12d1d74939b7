package dev.eventfold.ingest.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs what the tracking pixel trusts, with HMAC-SHA256 under {@code eventfold.ingest.pixel.signing-key}: a pixel
 * URL is an HMAC of organization, page and recipient (issued when the page is sent), so that only hits on URLs ingest
 * issued count as views; a visitor cookie is an id plus its HMAC, so that clients cannot choose their visitor id.
 */
public final class PixelSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;

    public PixelSigner(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("eventfold.ingest.pixel.signing-key must be at least 16 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of a pixel URL for this organization's page and recipient. */
    public String sign(String orgId, String pageId, String recipient) {
        return mac("pixel\n" + orgId.length() + ":" + orgId + pageId.length() + ":" + pageId + recipient);
    }

    /** True when {@code signature} is this organization's signature of page and recipient (constant time). */
    public boolean verify(String orgId, String pageId, String recipient, String signature) {
        return recipient != null && signature != null && MessageDigest.isEqual(
                sign(orgId, pageId, recipient).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The path of the signed pixel URL ({@code /p/{page}/pixel.gif?r=…&s=…}), to put into the sent page. */
    public String pixelPath(String orgId, String pageId, String recipient) {
        return "/p/" + encode(pageId) + "/pixel.gif?r=" + encode(recipient) + "&s=" + sign(orgId, pageId, recipient);
    }

    /** A new visitor cookie value: a random id and its signature. */
    public String newVisitorCookie() {
        String id = UUID.randomUUID().toString();
        return id + "." + mac("visitor\n" + id);
    }

    /** The visitor id of a cookie value this ingest issued; empty for anything else (absent, chosen, forged). */
    public Optional<String> visitorId(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.lastIndexOf('.');
        if (dot <= 0 || dot > 64) {
            return Optional.empty();
        }
        String id = cookie.substring(0, dot);
        boolean valid = MessageDigest.isEqual(mac("visitor\n" + id).getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(id) : Optional.empty();
    }

    private String mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
