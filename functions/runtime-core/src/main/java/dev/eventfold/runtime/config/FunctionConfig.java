package dev.eventfold.runtime.config;

import dev.eventfold.model.Topic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The keys every function shares, stateless or not ({@code eventfold.*}); their defaults and the infrastructure
 * settings ({@code PG*}, {@code KAFKA_BOOTSTRAP_SERVERS}) ship in this jar's {@code microprofile-config.properties}.
 */
@ConfigMapping(prefix = "eventfold")
public interface FunctionConfig {

    /** The kebab-case function name: metrics tag, dead-letter header, source and id seed of derived events. */
    String functionName();

    /** Prefix of every topic name ({@link Topic#topicName}). */
    @WithDefault(Topic.DEFAULT_PREFIX)
    String topicPrefix();

    KafkaTrigger kafkaTrigger();

    Delivery delivery();

    /** The topic's full name under this deployment's prefix. */
    default String topicName(Topic topic) {
        return topic.topicName(topicPrefix());
    }

    /** Pushed deliveries (the Funqy endpoint {@code POST /}). */
    interface Delivery {

        /** The token a delivery must present in {@code X-Eventfold-Delivery-Token}; unset: none is asked for. */
        Optional<String> token();
    }

    /** The pull trigger (SmallRye channel {@code events}): off under Knative, where a KafkaSource pushes. */
    interface KafkaTrigger {

        @WithDefault("true")
        boolean enabled();

        Retry retry();

        /**
         * This instance's name in static group membership ({@code group.instance.id = <instance>-<channel>}); unset:
         * the {@code HOSTNAME} variable, else the host's name; {@code none}: dynamic membership. Two instances of one
         * function must not share it (the later one fences the earlier out of the group).
         */
        Optional<String> instanceId();

        /** How long a batch may keep failing before readiness reports the channel as stalled. */
        @WithDefault("60s")
        Duration stallAfter();

        /** Backoff of a batch that failed transiently; it is retried for as long as it takes, never skipped. */
        interface Retry {

            @WithDefault("500ms")
            Duration initialBackoff();

            @WithDefault("30s")
            Duration maxBackoff();
        }
    }
}
