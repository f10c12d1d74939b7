package dev.eventfold.geoenricher.domain;

/**
 * What an Anonymous-IP database says of an address; all false when the database has no record for it.
 * {@code proxy} is a public or a residential proxy.
 */
public record AnonymityFlags(boolean anonymousVpn, boolean tor, boolean hosting, boolean proxy) {

    public static final AnonymityFlags NONE = new AnonymityFlags(false, false, false, false);
}
