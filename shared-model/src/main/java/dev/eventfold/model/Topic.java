package dev.eventfold.model;

/**
 * The Kafka topics of Eventfold: every name in code, tests and manifests comes from here.
 * A deployment prefixes each name ({@code <prefix>.events}) so that several installations share a cluster.
 */
public enum Topic {
    /** Every recorded event, as ingest accepted it. */
    EVENTS("events", false),
    /** Latest state of each user (compacted: one record per user id is enough). */
    USERS("users", true),
    /** Page views enriched with geo data. */
    VISITS_ENRICHED("visits.enriched", false),
    /** Coalesced campaign totals. */
    CAMPAIGN_STATS("campaign-stats", false),
    /** Alerts raised on derived events. */
    ALERTS("alerts", false),
    /** What became of deliveries to the customers' destinations: disabled endpoints, exhausted messages. */
    DELIVERIES("deliveries", false),
    /** Records that can never apply, with the reason in headers. */
    DEAD_LETTER("dead-letter", false);

    public static final String DEFAULT_PREFIX = "eventfold";

    private final String suffix;
    private final boolean compacted;

    Topic(String suffix, boolean compacted) {
        this.suffix = suffix;
        this.compacted = compacted;
    }

    public String suffix() {
        return suffix;
    }

    public boolean compacted() {
        return compacted;
    }

    /** The topic's full name under a deployment prefix, e.g. {@code eventfold.events}. */
    public String topicName(String prefix) {
        return prefix + "." + suffix;
    }

    public String topicName() {
        return topicName(DEFAULT_PREFIX);
    }
}
