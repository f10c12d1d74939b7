package dev.eventfold.geoenricher.geoip;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows in {@code /q/health/ready} which database each configured path has in service (type and build time).
 * Always up: without a database every page view is still enriched, with geo unknown (no-database).
 */
@Readiness
@ApplicationScoped
public class GeoIpHealthCheck implements HealthCheck {

    private final GeoIpDatabases databases;

    GeoIpHealthCheck(GeoIpDatabases databases) {
        this.databases = databases;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("eventfold-geoip").up();
        for (ReloadableDatabase database : databases.lookup().databases()) {
            response.withData(database.role(), database.inService()
                    .map(db -> db.metadata().databaseType() + " built " + db.metadata().buildTime())
                    .orElse("none in service (" + database.path() + ")"));
        }
        return response.build();
    }
}
