package dev.eventfold.geoenricher.geoip;

import dev.eventfold.geoenricher.domain.AnonymityFlags;
import dev.eventfold.geoenricher.domain.GeoAnswer;
import dev.eventfold.geoenricher.domain.GeoLookup;
import dev.eventfold.geoenricher.domain.NetworkOwner;
import dev.eventfold.geoenricher.domain.UnknownReason;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The GeoIP adapter behind {@link GeoLookup}: a location database (City, Country or DB-IP City Lite) and, when
 * configured, an ASN and an Anonymous-IP database, each reloadable. A failing read gives an answer with a reason,
 * never an exception: the page view is emitted either way.
 */
public final class MaxMindGeoLookup implements GeoLookup, Closeable {

    private static final Logger LOG = Logger.getLogger(MaxMindGeoLookup.class);

    private final ReloadableDatabase location;
    private final ReloadableDatabase asn;
    private final ReloadableDatabase anonymous;

    public MaxMindGeoLookup(Optional<Path> locationDb, Optional<Path> asnDb, Optional<Path> anonymousDb, Locale locale) {
        this.location = locationDb.map(p -> new ReloadableDatabase("eventfold.geoip.city-db", p,
                DatabaseKind::locates, locale)).orElse(null);
        this.asn = asnDb.map(p -> new ReloadableDatabase("eventfold.geoip.asn-db", p,
                k -> k == DatabaseKind.ASN, locale)).orElse(null);
        this.anonymous = anonymousDb.map(p -> new ReloadableDatabase("eventfold.geoip.anonymous-db", p,
                k -> k == DatabaseKind.ANONYMOUS_IP, locale)).orElse(null);
        reloadIfChanged();
    }

    /** Picks up replaced files; the number of databases that went into service. */
    public int reloadIfChanged() {
        int swapped = 0;
        for (ReloadableDatabase database : databases()) {
            swapped += database.reloadIfChanged() ? 1 : 0;
        }
        return swapped;
    }

    @Override
    public GeoAnswer lookup(InetAddress address) {
        GeoDatabase.LocationResult where = locate(address);
        NetworkOwner owner = null;
        AnonymityFlags flags = null;
        if (asn != null) {
            owner = read(asn, address, db -> db.owner(address).orElse(null));
        }
        if (anonymous != null) {
            flags = read(anonymous, address, db -> db.anonymity(address));
        }
        return new GeoAnswer(where.location(), where.unknownReason(), owner, flags);
    }

    private GeoDatabase.LocationResult locate(InetAddress address) {
        if (location == null) {
            return new GeoDatabase.LocationResult(null, UnknownReason.NO_DATABASE);
        }
        try {
            return location.lookup(db -> db.locate(address))
                    .orElse(new GeoDatabase.LocationResult(null, UnknownReason.NO_DATABASE));
        } catch (Exception e) {
            LOG.warnf("%s: lookup of %s failed: %s", location.path(), address.getHostAddress(), e.toString());
            return new GeoDatabase.LocationResult(null, UnknownReason.LOOKUP_FAILED);
        }
    }

    private static <T> T read(ReloadableDatabase database, InetAddress address, ReloadableDatabase.Lookup<T> lookup) {
        try {
            return database.lookup(lookup).orElse(null);
        } catch (Exception e) {
            LOG.warnf("%s: lookup of %s failed: %s", database.path(), address.getHostAddress(), e.toString());
            return null;
        }
    }

    /** The configured databases (location, ASN, anonymous; those configured). */
    public List<ReloadableDatabase> databases() {
        List<ReloadableDatabase> out = new ArrayList<>(3);
        for (ReloadableDatabase database : new ReloadableDatabase[] {location, asn, anonymous}) {
            if (database != null) {
                out.add(database);
            }
        }
        return out;
    }

    @Override
    public void close() {
        databases().forEach(ReloadableDatabase::close);
    }
}
