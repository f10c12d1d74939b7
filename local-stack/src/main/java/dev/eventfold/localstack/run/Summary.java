package dev.eventfold.localstack.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run report, read back from the functions' read APIs with the simulated organization's API key. */
public final class Summary {

    private final HttpClient http;
    private final String apiKey;

    public Summary(HttpClient http, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
    }

    /** Prints what the read APIs of the running functions say about the simulated organization. */
    public void print(Map<String, URI> functions, Simulation.Result result) {
        System.out.println();
        System.out.println("== Summary (read back from the read APIs) ==");
        System.out.printf(Locale.ROOT, "sent: %,d events through POST /events, %,d pixel visits%n",
                result.events(), result.visits());
        URI campaigns = functions.get("campaign-aggregator");
        if (campaigns != null) {
            campaign(campaigns, result.campaignId());
        } else {
            System.out.println("campaign totals: campaign-aggregator is not running");
        }
        URI users = functions.get("user-aggregator");
        if (users != null) {
            users(users);
        } else {
            System.out.println("users: user-aggregator is not running");
        }
    }

    private void campaign(URI base, String campaignId) {
        try {
            JsonNode c = get(base.resolve("/campaigns/" + campaignId));
            System.out.printf(Locale.ROOT, "campaign \"%s\": %,d pages, %,d sent, %,d viewed (view rate %.1f%%), "
                            + "%,d views by %,d unique visitors, %,d clicks%n",
                    c.path("name").asText(), c.path("pages").asLong(), c.path("pagesSent").asLong(),
                    c.path("pagesViewed").asLong(), 100 * c.path("viewRate").asDouble(), c.path("views").asLong(),
                    c.path("uniqueVisitors").asLong(), c.path("clicks").asLong());
            List<JsonNode> cities = new ArrayList<>();
            get(base.resolve("/campaigns/" + campaignId + "/geo?level=city")).forEach(cities::add);
            cities.sort(Comparator.comparingLong((JsonNode n) -> n.path("views").asLong()).reversed());
            System.out.println("top cities:");
            cities.stream().limit(10).forEach(n -> System.out.printf(Locale.ROOT, "  %-28s %-3s %,8d views%n",
                    n.path("known").asBoolean() ? n.path("city").asText("(no city)") : "(unknown address)",
                    n.path("countryCode").asText(""), n.path("views").asLong()));
        } catch (Exception e) {
            System.out.println("campaign totals: not available (" + e.getMessage() + ")");
        }
    }

    private void users(URI base) {
        try {
            long count = 0;
            long logins = 0;
            long failed = 0;
            JsonNode top = null;
            String cursor = null;
            do {
                JsonNode page = get(base.resolve("/users?limit=500"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
                for (JsonNode user : page.path("items")) {
                    count++;
                    logins += user.path("loginCount").asLong();
                    failed += user.path("failedLoginCount").asLong();
                    if (top == null || user.path("loginCount").asLong() > top.path("loginCount").asLong()) {
                        top = user;
                    }
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            System.out.printf(Locale.ROOT, "users: %,d, with %,d logins and %,d failed logins%n", count, logins, failed);
            if (top != null) {
                System.out.printf(Locale.ROOT, "  most active: %s <%s>, %d logins, last from %s%n",
                        top.path("name").asText(), top.path("email").asText(), top.path("loginCount").asLong(),
                        top.path("lastLoginIp").asText("-"));
            }
        } catch (Exception e) {
            System.out.println("users: not available (" + e.getMessage() + ")");
        }
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri.getPath() + " answered " + response.statusCode());
        }
        return Json.MAPPER.readTree(response.body());
    }
}
