package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.ingest.domain.PixelSigner;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The pixel's signing key ({@code eventfold.ingest.pixel.signing-key}): without it no pixel URL can be issued and
 * no hit counts as a view, so ingest warns at start in production mode.
 */
@ApplicationScoped
public class PixelSigning {

    private static final Logger LOG = Logger.getLogger(PixelSigning.class);

    private final Optional<PixelSigner> signer;

    @Inject
    public PixelSigning(IngestConfig config) {
        this(config.pixel().signingKey());
    }

    PixelSigning(Optional<String> key) {
        this.signer = key.filter(k -> !k.isBlank()).map(PixelSigner::new);
    }

    void check(@Observes StartupEvent start) {
        if (signer.isEmpty() && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("eventfold.ingest.pixel.signing-key is not set: pixel URLs cannot be issued and no pixel hit "
                    + "is counted as a view");
        }
    }

    public Optional<PixelSigner> signer() {
        return signer;
    }
}
