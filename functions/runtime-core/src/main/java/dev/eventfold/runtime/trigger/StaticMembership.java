package dev.eventfold.runtime.trigger;

import dev.eventfold.runtime.config.FunctionConfig;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every pull consumer a static group membership ({@code group.instance.id = <instance>-<channel>}), so a
 * function restarted under the same name (a pod, a host) takes its partitions back at once instead of waiting for the
 * dead member's session to expire. The instance is {@code eventfold.kafka-trigger.instance-id}, else the
 * {@code HOSTNAME} variable (a Kubernetes pod's name), else the host's name; {@code none} turns it off.
 */
@ApplicationScoped
public class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(StaticMembership.class);
    /** What Kafka accepts in a {@code group.instance.id}. */
    private static final int MAX_LENGTH = 249;

    @Inject
    FunctionConfig config;

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> client) {
        if (!client.containsKey(ConsumerConfig.GROUP_ID_CONFIG) || client.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            return client; // a producer, a consumer outside any group, or an id set explicitly for this channel
        }
        Optional<String> instance = instanceId(config.kafkaTrigger().instanceId(), System.getenv("HOSTNAME"));
        if (instance.isPresent()) {
            String id = groupInstanceId(instance.get(), channel);
            client.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
            LOG.debugf("channel %s joins group %s as static member %s", channel, client.get(ConsumerConfig.GROUP_ID_CONFIG), id);
        }
        return client;
    }

    /** The configured instance, else the host variable, else the host's name; empty when turned off ({@code none}). */
    static Optional<String> instanceId(Optional<String> configured, String hostVariable) {
        if (configured.isPresent()) {
            String value = configured.get().strip();
            return value.equalsIgnoreCase("none") || value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        if (hostVariable != null && !hostVariable.isBlank()) {
            return Optional.of(hostVariable.strip());
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            LOG.warnf("no instance id for static group membership (%s): set eventfold.kafka-trigger.instance-id", e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code <instance>-<channel>} in the characters Kafka allows ({@code [a-zA-Z0-9._-]}), at most 249 of them. */
    static String groupInstanceId(String instance, String channel) {
        String id = (instance + "-" + channel).replaceAll("[^a-zA-Z0-9._-]", "_");
        return id.length() <= MAX_LENGTH ? id : id.substring(id.length() - MAX_LENGTH);
    }
}
