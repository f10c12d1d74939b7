package dev.eventfold.delivery.http;

import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.domain.AddressPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Resolves a destination's host and refuses it unless every address it resolves to is allowed by the
 * {@link AddressPolicy}: at registration, and again before every connection (DNS rebinding), where the sender
 * then connects to the address checked here rather than resolving again.
 */
@ApplicationScoped
public class SsrfGuard {

    private final AddressPolicy policy;

    @Inject
    Vertx vertx;

    @Inject
    SsrfGuard(DeliveryConfig config) {
        this.policy = new AddressPolicy(config.allowLoopback(), config.allowPrivate(), config.allowHttp());
    }

    /** Refused: the URL's form or one of its host's addresses is not allowed. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** The address to connect to, or a {@link RefusedException} (also when the name does not resolve). */
    public Uni<InetAddress> check(String url) {
        String problem = policy.urlProblem(url);
        if (problem != null) {
            return Uni.createFrom().failure(new RefusedException(problem));
        }
        String host = URI.create(url).getHost();
        return vertx.executeBlocking(Uni.createFrom().item(() -> resolve(policy, host)), false);
    }

    /** Resolves the host (blocking) and checks every address it has; the first is the one to connect to. */
    static InetAddress resolve(AddressPolicy policy, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new RefusedException("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String problem = policy.addressProblem(address);
            if (problem != null) {
                throw new RefusedException("host " + host + " resolves to " + problem);
            }
        }
        return addresses[0];
    }
}
