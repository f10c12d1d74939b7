package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.domain.PixelSigner;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    public PixelSigning(@ConfigProperty(name = "eventfold.ingest.pixel.signing-key") Optional<String> key) {
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
