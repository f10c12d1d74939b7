package dev.eventfold.runtime.http;

import dev.eventfold.model.Json;
import dev.eventfold.runtime.config.FunctionConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Optional authentication of event deliveries: when {@code eventfold.delivery.token} is set, a {@code POST /} (the
 * Funqy endpoint, where the tenant is taken from {@code ce-orgid}) without that token in
 * {@value #HEADER} is answered 401 before Funqy sees it. Defence in depth behind the cluster-local Knative Services.
 */
@ApplicationScoped
public class DeliveryAuthentication {

    public static final String HEADER = "X-Eventfold-Delivery-Token";

    private final Optional<byte[]> token;

    DeliveryAuthentication(FunctionConfig config) {
        this.token = config.delivery().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    void register(@Observes Filters filters) {
        if (token.isEmpty()) {
            return;
        }
        byte[] expected = token.get();
        byte[] body = problem();
        filters.register(rc -> {
            if (rc.request().method() == HttpMethod.POST && "/".equals(rc.normalizedPath())) {
                String presented = rc.request().getHeader(HEADER);
                if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                    rc.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                            .end(io.vertx.core.buffer.Buffer.buffer(body));
                    return;
                }
            }
            rc.next();
        }, 100);
    }

    private static byte[] problem() {
        try {
            return Json.MAPPER.writeValueAsBytes(Problem.of(401, "Unauthorized",
                    "Event deliveries to POST / need the delivery token in " + HEADER + "."));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
