package dev.eventfold.runtime.processing;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Readiness reflects PostgreSQL: {@code SELECT 1} on the reactive pool the functions write with. */
@Readiness
@ApplicationScoped
public class PostgresReadinessCheck implements AsyncHealthCheck {

    public static final String NAME = "eventfold-postgres";

    @Inject
    Instance<Pool> pools;

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!pools.isResolvable()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("pool", "none").build());
        }
        return pools.get().query("SELECT 1").execute()
                .map(rows -> HealthCheckResponse.named(NAME).up().build())
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
