package dev.eventfold.geoenricher.function;

/** The SmallRye Reactive Messaging channels of geo-enricher; application.properties binds them to topics. */
public final class Channels {

    /** In: the events topic, read in batches by {@link GeoEnricherKafkaTrigger}. */
    public static final String PAGE_EVENTS = "page-events";
    /** Out: enriched page views and dead letters (the topic is set per record). */
    public static final String OUT = "geo-enricher-out";

    private Channels() {
    }
}
