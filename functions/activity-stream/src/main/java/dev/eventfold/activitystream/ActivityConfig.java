package dev.eventfold.activitystream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** activity-stream's own keys ({@code eventfold.activity.*}); the shared ones come from the runtime jars. */
@ConfigMapping(prefix = "eventfold.activity")
public interface ActivityConfig {

    /** The signing key of the development default: a start in production mode with it is refused. */
    String DEV_TOKEN_KEY = "dev-activity-token-key-change-me";

    Token token();

    Store store();

    Connection connection();

    Feed feed();

    Consumer consumer();

    ReadApis readApis();

    interface Token {
        /** HMAC-SHA256 key of connect tokens; the same value on every replica (a Secret). */
        @WithDefault(DEV_TOKEN_KEY)
        String signingKey();

        /** How long a token minted by {@code POST /activity/tokens} opens a connection. */
        @WithDefault("60s")
        Duration ttl();

        /** How long a socket may stay open without sending its hello (then it is closed). */
        @WithDefault("10s")
        Duration helloTimeout();
    }

    interface Store {
        /** Items kept per organization in the recent-activity store (older ones are pruned). */
        @WithDefault("5000")
        int maxItemsPerOrganization();

        /** Items older than this are pruned whatever their number. */
        @WithDefault("24h")
        Duration retention();

        @WithDefault("10s")
        Duration pruneInterval();
    }

    interface Connection {
        /** Messages written to a socket but not yet flushed to it; past this the client gets resync and is dropped. */
        @WithDefault("1024")
        int maxPending();

        /** The most items a resume may replay; a client further behind gets resync. */
        @WithDefault("500")
        int maxReplay();

        /** Items sent to a client that connects without a cursor (the newest of its organization). */
        @WithDefault("50")
        int initialItems();
    }

    interface Feed {
        /** Campaign-stats updates go out at most once per campaign per interval, carrying the latest totals. */
        @WithDefault("250ms")
        Duration statsInterval();
    }

    interface Consumer {
        /** On/off: off only for tests of the REST side alone. */
        @WithDefault("true")
        boolean enabled();

        /** Where a partition starts when the store holds nothing of it: earliest or latest. */
        @WithDefault("earliest")
        String startWhenEmpty();

        /** How often the consumer looks for partitions (topics created later, partitions added). */
        @WithDefault("5s")
        Duration partitionRefresh();

        @WithDefault("500")
        int maxPollRecords();
    }

    interface ReadApis {
        /** campaign-aggregator's base URL; the dashboard's campaign numbers come from its read API. */
        Optional<URI> campaignAggregator();

        /** user-aggregator's base URL; the dashboard's users come from its read API. */
        Optional<URI> userAggregator();

        @WithDefault("5s")
        Duration timeout();
    }
}
