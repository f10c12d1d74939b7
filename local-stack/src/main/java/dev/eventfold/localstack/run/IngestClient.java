package dev.eventfold.localstack.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated clients' side of ingest: the admin call that creates an organization, event batches and pixel hits. */
public final class IngestClient {

    /** The organization and key the admin API returned. */
    public record Organization(String id, String apiKey) {
    }

    private final HttpClient http;
    private final URI base;
    private String apiKey;
    private final Map<String, String> pixelUrls = new ConcurrentHashMap<>();
    private final Map<String, String> cookies = new ConcurrentHashMap<>();

    public IngestClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    public Organization createOrganization(String name) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("keyLabel", "simulator");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/admin/organizations"))
                .header("X-Admin-Token", FunctionCatalog.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("ingest refused to create the organization: " + response.statusCode()
                    + " " + response.body());
        }
        JsonNode created = Json.MAPPER.readTree(response.body());
        apiKey = created.get("apiKey").asText();
        return new Organization(created.get("organizationId").asText(), apiKey);
    }

    /** A structured CloudEvent as a client would send it (ingest sets the organization from the key). */
    public static ObjectNode event(EventType type, String subject, Object data) {
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/simulator")
                .put("type", type.type())
                .put("subject", subject)
                .put("time", Instant.now().toString())
                .put("datacontenttype", "application/json");
        event.set("data", Json.MAPPER.valueToTree(data));
        return event;
    }

    /** Sends one batch and fails unless ingest accepted all of it (202). */
    public CompletableFuture<Void> sendBatch(List<ObjectNode> events) {
        ArrayNode batch = Json.MAPPER.createArrayNode().addAll(events);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/events")).timeout(Duration.ofSeconds(60))
                .header("X-Api-Key", apiKey).header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() != 202) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
            }
        });
    }

    /**
     * Loads the tracking pixel of a page as the visitor's browser would, behind a proxy that forwards its address:
     * the page's signed pixel URL (issued by ingest, once per page, as a sender would when emailing it), with the
     * visitor cookie ingest set on this visitor's first hit.
     */
    public CompletableFuture<Integer> pixel(String pageId, String visitorId, String ip, String userAgent, String referrer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pixelUrls.computeIfAbsent(pageId, this::pixelUrl)))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", ip).header("User-Agent", userAgent).header("Referer", referrer);
        String cookie = cookies.get(visitorId);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
            response.headers().firstValue("Set-Cookie").ifPresent(set -> cookies.putIfAbsent(visitorId, set.split(";", 2)[0]));
            return response.statusCode();
        });
    }

    private String pixelUrl(String pageId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/pages/"
                            + URLEncoder.encode(pageId, StandardCharsets.UTF_8).replace("+", "%20") + "/pixel-url?recipient="
                            + URLEncoder.encode("recipient-of-" + pageId, StandardCharsets.UTF_8)))
                    .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ingest refused a pixel URL: " + response.statusCode() + " " + response.body());
            }
            return Json.MAPPER.readTree(response.body()).get("url").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
