package dev.eventfold.geoenricher.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The pure core of geo-enricher: a page-viewed event in, its page-viewed-enriched event out (same subject and
 * tenant, id derived from the input id). Every address yields an event: one that cannot be located carries geo
 * {@code unknown} and the reason. Only an event that is not a valid page view is refused.
 */
public final class GeoEnricher {

    public static final String FUNCTION_NAME = "geo-enricher";
    /** The {@code source} of the events this function derives (the runtime's convention: "/" + function name). */
    public static final String SOURCE = "/" + FUNCTION_NAME;
    public static final String KNOWN = "known";
    public static final String UNKNOWN = "unknown";

    private final GeoLookup lookup;
    private final boolean truncateIp;

    /** @param truncateIp keep only the IPv4 /24 or IPv6 /48 network of the address in the enriched event */
    public GeoEnricher(GeoLookup lookup, boolean truncateIp) {
        this.lookup = lookup;
        this.truncateIp = truncateIp;
    }

    /** The enriched event, or a {@link ValidationException} for an event that is not a valid page view. */
    public CloudEvent enrich(CloudEvent pageViewed) {
        if (!EventType.PAGE_VIEWED.type().equals(pageViewed.type())) {
            throw new ValidationException("type", "geo-enricher consumes " + EventType.PAGE_VIEWED.type()
                    + ", not " + pageViewed.type());
        }
        PageViewed view = pageViewed.payload(PageViewed.class);
        if (view.ip() == null) {
            throw new ValidationException("data.ip", "is required");
        }
        Optional<InetAddress> parsed = IpAddresses.parse(view.ip());
        GeoAnswer answer;
        String ip;
        if (parsed.isEmpty()) {
            answer = GeoAnswer.unknown(UnknownReason.MALFORMED);
            ip = truncateIp ? "" : view.ip(); // nothing to truncate: keep nothing rather than a possible address
        } else {
            InetAddress address = parsed.get();
            AddressClass addressClass = AddressClass.of(address);
            answer = addressClass == AddressClass.PUBLIC ? lookup.lookup(address) : GeoAnswer.unknown(addressClass.reason());
            ip = IpAddresses.format(truncateIp ? IpAddresses.truncate(address) : address);
        }
        PageViewEnriched enriched = enriched(pageViewed, view, ip, answer);
        return CloudEvent.of(DerivedIds.derivedId(FUNCTION_NAME, pageViewed), SOURCE,
                EventType.PAGE_VIEW_ENRICHED, pageViewed.subject(), pageViewed.time(), pageViewed.orgId(),
                pageViewed.actorId(), enriched);
    }

    private static PageViewEnriched enriched(CloudEvent event, PageViewed view, String ip, GeoAnswer answer) {
        GeoLocation at = answer.location() != null ? answer.location()
                : new GeoLocation(null, null, null, null, null, null, null, null);
        NetworkOwner owner = answer.owner();
        AnonymityFlags flags = answer.anonymity();
        return new PageViewEnriched(
                event.subject(),
                ip,
                view.userAgent(),
                view.referrer(),
                view.visitorId(),
                event.time().toString(),
                answer.location() != null ? KNOWN : UNKNOWN,
                answer.unknownReason() != null ? answer.unknownReason().value() : null,
                at.countryCode(),
                at.country(),
                at.region(),
                at.city(),
                at.postalCode(),
                at.latitude(),
                at.longitude(),
                at.timeZone(),
                owner != null ? owner.asn() : null,
                owner != null ? owner.organization() : null,
                flags != null ? flags.anonymousVpn() : null,
                flags != null ? flags.tor() : null,
                flags != null ? flags.hosting() : null,
                flags != null ? flags.proxy() : null);
    }
}
