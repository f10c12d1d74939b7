package dev.eventfold.activitystream;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tests only: a small socket send buffer on the server, so that a client that stops reading makes the server's
 * writes pend after a few items instead of after megabytes of kernel buffers (what the slow-client bound is about).
 */
@ApplicationScoped
public class SmallSendBuffer implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(8192);
    }
}
