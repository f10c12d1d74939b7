package dev.eventfold.geoenricher.domain;

/** Why an enriched page view carries geo {@code unknown}: the value of its {@code unknownReason} field. */
public enum UnknownReason {
    /** The ip field is not an IPv4 or IPv6 address (host names, {@code 1.2.3}, zone ids, whitespace, empty). */
    MALFORMED("malformed"),
    PRIVATE("private"),
    LOOPBACK("loopback"),
    LINK_LOCAL("link-local"),
    MULTICAST("multicast"),
    UNSPECIFIED("unspecified"),
    UNIQUE_LOCAL("unique-local"),
    RESERVED("reserved"),
    /** No location database is configured, or its file is missing or unreadable. */
    NO_DATABASE("no-database"),
    /** The location database has no record with a location for this address. */
    NOT_FOUND("not-found"),
    /** The address is an anycast network, which has no single location. */
    ANYCAST("anycast"),
    /** An IPv6 address and an IPv4-only database (such as DB-IP City Lite), which is never asked. */
    IPV6_NOT_SUPPORTED("ipv6-not-supported"),
    /** Reading the database failed (a corrupt file); the event is still emitted. */
    LOOKUP_FAILED("lookup-failed");

    private final String value;

    UnknownReason(String value) {
        this.value = value;
    }

    /** The wire value, e.g. {@code not-found}. */
    public String value() {
        return value;
    }
}
