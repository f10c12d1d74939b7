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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        if (literal(host)) {
            // an address literal resolves to itself without a lookup: checked here, no worker thread needed
            return Uni.createFrom().item(() -> resolve(policy, host));
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> resolve(policy, host)), false);
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** An IPv4 dotted quad or a bracketed IPv6 address: nothing to look up. */
    static boolean literal(String host) {
        if (host == null) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return true;
        }
        Matcher quad = IPV4.matcher(host);
        if (!quad.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(quad.group(i)) > 255) {
                return false;
            }
        }
        return true;
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
