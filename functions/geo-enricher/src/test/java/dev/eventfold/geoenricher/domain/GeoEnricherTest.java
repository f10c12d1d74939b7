package dev.eventfold.geoenricher.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserLoggedIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given a page view, when the core enriches it, then one enriched event with the expected fields comes out. */
class GeoEnricherTest {

    private static final Instant VIEWED_AT = Instant.parse("2026-11-30T10:15:30Z");
    private static final GeoLocation LONDON = new GeoLocation("GB", "United Kingdom", "England", "London", null,
            51.5142, -0.0931, "Europe/London");

    /** A fake database that records what it was asked and always answers London with ASN and flags. */
    private final List<InetAddress> asked = new ArrayList<>();
    private final GeoLookup london = address -> {
        asked.add(address);
        return new GeoAnswer(LONDON, null, new NetworkOwner(2856, "BTnet UK Regional network"),
                new AnonymityFlags(false, true, false, true));
    };

    private static CloudEvent pageViewed(String id, String ip) {
        return CloudEvent.of(id, "/pixel", EventType.PAGE_VIEWED, "page-42", VIEWED_AT, "org-1", null,
                new PageViewed(ip, "Mozilla/5.0", "https://mail.example", "visitor-7"));
    }

    @Test
    void a_public_address_is_looked_up_and_the_answer_carried_over() {
        CloudEvent out = new GeoEnricher(london, false).enrich(pageViewed("evt-1", "81.2.69.142"));

        assertThat(out.id()).isEqualTo(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", "evt-1"));
        assertThat(out.type()).isEqualTo(EventType.PAGE_VIEW_ENRICHED.type());
        assertThat(out.source()).isEqualTo("/geo-enricher");
        assertThat(out.subject()).isEqualTo("page-42");
        assertThat(out.orgId()).isEqualTo("org-1");
        assertThat(out.time()).isEqualTo(VIEWED_AT);
        assertThat(EventCodec.internal().validate(EventCodec.encode(out))).isEmpty();
        PageViewEnriched p = out.payload(PageViewEnriched.class);
        assertThat(p).isEqualTo(new PageViewEnriched("page-42", "81.2.69.142", "Mozilla/5.0", "https://mail.example",
                "visitor-7", "2026-11-30T10:15:30Z", "known", null, "GB", "United Kingdom", "England", "London", null,
                51.5142, -0.0931, "Europe/London", 2856L, "BTnet UK Regional network", false, true, false, true));
        assertThat(asked).extracting(IpAddresses::format).containsExactly("81.2.69.142");
    }

    @Test
    void the_same_input_always_gives_the_same_output() {
        GeoEnricher enricher = new GeoEnricher(london, false);

        assertThat(enricher.enrich(pageViewed("evt-1", "81.2.69.142")))
                .isEqualTo(enricher.enrich(pageViewed("evt-1", "81.2.69.142")));
        assertThat(enricher.enrich(pageViewed("evt-2", "81.2.69.142")).id())
                .isNotEqualTo(enricher.enrich(pageViewed("evt-1", "81.2.69.142")).id());
    }

    @Test
    void an_ipv4_mapped_ipv6_address_is_looked_up_as_ipv4() {
        CloudEvent out = new GeoEnricher(london, false).enrich(pageViewed("evt-1", "::ffff:81.2.69.142"));

        assertThat(asked).extracting(IpAddresses::format).containsExactly("81.2.69.142");
        assertThat(out.payload(PageViewEnriched.class).ip()).isEqualTo("81.2.69.142");
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, private",
            "192.168.0.10, private",
            "127.0.0.1, loopback",
            "::1, loopback",
            "169.254.1.1, link-local",
            "fe80::1, link-local",
            "239.1.2.3, multicast",
            "0.0.0.0, unspecified",
            "::, unspecified",
            "fd00::1, unique-local",
            "192.0.2.1, reserved",
            "2001:db8::1, reserved",
            "::ffff:10.0.0.1, private"})
    void an_address_that_cannot_be_located_gives_unknown_with_its_class_and_no_lookup(String ip, String reason) {
        PageViewEnriched p = new GeoEnricher(london, false).enrich(pageViewed("evt-1", ip)).payload(PageViewEnriched.class);

        assertThat(p.geo()).isEqualTo("unknown");
        assertThat(p.unknownReason()).isEqualTo(reason);
        assertThat(p.countryCode()).isNull();
        assertThat(p.city()).isNull();
        assertThat(p.asn()).isNull();
        assertThat(p.tor()).isNull();
        assertThat(asked).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(value = {"1.2.3", "01.2.3.4", "''", "' '", "localhost", "fe80::1%eth0", "'1.2.3.4 '", "' 8.8.8.8'"}, quoteCharacter = '\'')
    void a_malformed_address_gives_unknown_malformed_keeping_what_was_sent(String ip) {
        PageViewEnriched p = new GeoEnricher(london, false).enrich(pageViewed("evt-1", ip)).payload(PageViewEnriched.class);

        assertThat(p.geo()).isEqualTo("unknown");
        assertThat(p.unknownReason()).isEqualTo("malformed");
        assertThat(p.ip()).isEqualTo(ip);
        assertThat(asked).isEmpty();
    }

    @Test
    void what_the_lookup_cannot_locate_is_unknown_with_its_reason_but_keeps_asn_and_flags() {
        GeoLookup notFound = address -> new GeoAnswer(null, UnknownReason.NOT_FOUND, new NetworkOwner(15169, "Google"),
                AnonymityFlags.NONE);

        PageViewEnriched p = new GeoEnricher(notFound, false).enrich(pageViewed("evt-1", "8.8.8.8"))
                .payload(PageViewEnriched.class);

        assertThat(p.geo()).isEqualTo("unknown");
        assertThat(p.unknownReason()).isEqualTo("not-found");
        assertThat(p.asn()).isEqualTo(15169L);
        assertThat(p.anonymousVpn()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "81.2.69.142, 81.2.69.0",
            "2001:480:10::1, 2001:480:10::",
            "::ffff:81.2.69.142, 81.2.69.0",
            "10.1.2.3, 10.1.2.0"})
    void with_truncation_the_full_address_is_looked_up_and_only_the_network_kept(String ip, String kept) {
        PageViewEnriched p = new GeoEnricher(london, true).enrich(pageViewed("evt-1", ip)).payload(PageViewEnriched.class);

        assertThat(p.ip()).isEqualTo(kept);
        if (AddressClass.of(IpAddresses.parse(ip).orElseThrow()) == AddressClass.PUBLIC) {
            assertThat(asked).extracting(IpAddresses::format).containsExactly(IpAddresses.format(IpAddresses.parse(ip).orElseThrow()));
            assertThat(p.city()).isEqualTo("London");
        }
    }

    @Test
    void with_truncation_a_malformed_address_is_not_kept_at_all() {
        PageViewEnriched p = new GeoEnricher(london, true).enrich(pageViewed("evt-1", " 81.2.69.142"))
                .payload(PageViewEnriched.class);

        assertThat(p.unknownReason()).isEqualTo("malformed");
        assertThat(p.ip()).isEmpty();
    }

    @Test
    void an_event_that_is_not_a_page_view_is_refused() {
        CloudEvent login = CloudEvent.of("evt-9", "/app", EventType.USER_LOGGED_IN, "user-1", VIEWED_AT, "org-1",
                null, new UserLoggedIn("81.2.69.142", null));

        assertThatThrownBy(() -> new GeoEnricher(london, false).enrich(login))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("type");
    }
}
