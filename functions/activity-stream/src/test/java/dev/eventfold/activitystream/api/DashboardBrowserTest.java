package dev.eventfold.activitystream.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.activitystream.ActivityStreamTestResource;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageSent;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.eventfold.activitystream.Fixtures.newOrg;
import static dev.eventfold.activitystream.Fixtures.produce;
import static dev.eventfold.activitystream.Fixtures.view;
import static dev.eventfold.localstack.TestKafka.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in Debian's headless Chromium (Selenium, chromedriver), on the real pipeline: campaign events on
 * the broker folded by the real campaign-aggregator, its totals shown through activity-stream's proxy and compared
 * with the aggregator's own read API; a newly ingested view appears in the live feed within one second. A screenshot
 * goes to {@code target/dashboard-browser-test.png}. Without Chromium the test is skipped loudly, and fails under CI.
 */
@QuarkusTest
@QuarkusTestResource(value = ActivityStreamTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path profile;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean ci = System.getenv("CI") != null;
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String message = "\n\n*** DashboardBrowserTest NEEDS " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run installs them) ***\n";
            if (ci) {
                throw new AssertionError(message);
            }
            System.err.println(message + "*** SKIPPED outside CI ***\n");
            Assumptions.abort("Chromium is not installed");
        }
        requireStarted(ActivityStreamTestResource.CAMPAIGN_AGGREGATOR, "campaign-aggregator", ci);
        requireStarted(ActivityStreamTestResource.USER_AGGREGATOR, "user-aggregator", ci);
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    private static void requireStarted(String urlKey, String name, boolean ci) {
        if (System.getProperty(TestSettings.PREFIX + urlKey) == null) {
            String message = "\n\n*** DashboardBrowserTest NEEDS the packaged " + name + " (mvn -pl "
                    + "functions/activity-stream -am verify packages it) ***\n";
            if (ci) {
                throw new AssertionError(message);
            }
            System.err.println(message + "*** SKIPPED outside CI ***\n");
            Assumptions.abort(name + " is not packaged");
        }
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theDashboardShowsTheAggregatorsTotalsAndANewViewWithinOneSecond() throws Exception {
        String org = newOrg();
        String key = "key-" + UUID.randomUUID();
        String campaign = "spring-" + UUID.randomUUID().toString().substring(0, 6);
        List<CloudEvent> setup = new ArrayList<>();
        // the key, as ingest's admin API issues it: both activity-stream and campaign-aggregator fold it
        setup.add(CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_ISSUED, "key-" + org,
                Instant.now(), org, null, new ApiKeyIssued(ApiKeys.hash(EventfoldTestResource.PEPPER, key), "test")));
        setup.add(event(org, EventType.CAMPAIGN_CREATED, campaign, new CampaignCreated("Spring launch", null)));
        for (int i = 0; i < 12; i++) {
            String page = campaign + "-p" + i;
            setup.add(event(org, EventType.PAGE_CREATED, page, new PageCreated("R" + i, "r" + i + "@example.com", "Acme", campaign)));
            if (i < 10) {
                setup.add(event(org, EventType.PAGE_SENT, page, new PageSent("r" + i + "@example.com")));
            }
        }
        produce(setup);
        List<CloudEvent> views = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            views.add(view(org, campaign + "-p" + (i % 4), i % 2 == 0 ? "London" : "Leeds"));
        }
        produce(views);
        eventually("campaign-aggregator counted the views", PATIENCE, Duration.ofMillis(200),
                () -> readApi(key, campaign).path("views").asLong() == views.size());

        browser.get(dashboard.toString());
        browser.findElement(By.id("apikey")).sendKeys(key);
        browser.findElement(By.id("campaign")).sendKeys(campaign);
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Live"));

        JsonNode api = readApi(key, campaign);
        for (String total : List.of("pagesSent", "pagesViewed", "viewRate", "uniqueVisitors", "views", "pages")) {
            wait.until(d -> api.path(total).asText().equals(d.findElement(By.id("t-" + total)).getAttribute("data-value")));
        }
        assertThat(browser.findElement(By.id("t-pagesSent")).getText()).isEqualTo("10");
        assertThat(browser.findElement(By.id("t-views")).getText()).isEqualTo(String.valueOf(views.size()));
        wait.until(d -> !d.findElements(By.cssSelector("#countries tbody tr")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#campaign-panel .attribution a")).getAttribute("href"))
                .isEqualTo("https://db-ip.com/");

        CloudEvent fresh = view(org, campaign + "-p9", "Manchester");
        produce(List.of(fresh));
        WebElement shown = new WebDriverWait(browser, Duration.ofSeconds(1)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#feed li[data-id='" + fresh.id() + "']")));
        assertThat(shown.getText()).contains("Manchester").contains(campaign + "-p9");
        // newest first: above every earlier view (campaign-aggregator's stats update for it may already be above it)
        assertThat(browser.findElement(By.cssSelector("#feed li[data-type='" + EventType.PAGE_VIEW_ENRICHED.type() + "']"))
                .getAttribute("data-id")).isEqualTo(fresh.id());

        // the new view reaches the totals through campaign-aggregator's stats, and the page shows its numbers again
        eventually("campaign-aggregator counted the new view", PATIENCE, Duration.ofMillis(200),
                () -> readApi(key, campaign).path("views").asLong() == views.size() + 1);
        JsonNode after = readApi(key, campaign);
        wait.until(d -> after.path("views").asText().equals(d.findElement(By.id("t-views")).getAttribute("data-value")));
        wait.until(d -> after.path("pagesViewed").asText().equals(d.findElement(By.id("t-pagesViewed")).getAttribute("data-value")));

        Path screenshot = Path.of("target/dashboard-browser-test.png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void theUsersPanelShowsUserAggregatorsUsersPageByPage() {
        String org = newOrg();
        String key = "key-" + UUID.randomUUID();
        List<CloudEvent> events = new ArrayList<>();
        events.add(CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_ISSUED, "key-" + org,
                Instant.now(), org, null, new ApiKeyIssued(ApiKeys.hash(EventfoldTestResource.PEPPER, key), "test")));
        // more users than the panel's page of 20, each with its own counts
        int users = 23;
        for (int i = 0; i < users; i++) {
            String user = "user-" + String.format("%02d", i);
            events.add(event(org, EventType.USER_CREATED, user,
                    new UserCreated("Person " + i, "p" + i + "@example.com", List.of("viewer"))));
            for (int n = 0; n < i % 4; n++) {
                events.add(event(org, EventType.USER_LOGGED_IN, user, new UserLoggedIn("81.2.69.142", "test")));
            }
            for (int n = 0; n < i % 3; n++) {
                events.add(event(org, EventType.USER_LOGIN_FAILED, user,
                        new UserLoginFailed("81.2.69.142", "test", "bad password")));
            }
        }
        produce(events);
        long logins = IntStream.range(0, users).map(i -> i % 4).sum();
        eventually("user-aggregator folded every user and login", PATIENCE, Duration.ofMillis(200), () -> {
            JsonNode all = usersApi(key, "limit=100");
            return all.path("items").size() == users && sum(all, "loginCount") == logins;
        });

        browser.get(dashboard.toString());
        browser.findElement(By.id("apikey")).sendKeys(key);
        browser.findElement(By.id("campaign")).sendKeys("no-campaign");
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Live"));

        JsonNode first = usersApi(key, "limit=20");
        assertThat(first.path("items")).hasSize(20);
        assertThat(first.path("nextCursor").asText()).isNotBlank();
        assertUsersPanelShows(wait, first);

        browser.findElement(By.id("users-next")).click();
        JsonNode second = usersApi(key, "limit=20&cursor=" + java.net.URLEncoder.encode(
                first.path("nextCursor").asText(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(second.path("items")).hasSize(users - 20);
        assertUsersPanelShows(wait, second);
        assertThat(browser.findElement(By.id("users-next")).isEnabled()).isFalse();

        browser.findElement(By.id("users-first")).click();
        assertUsersPanelShows(wait, first);
    }

    /** The panel's rows are the page's users, in its order, each cell the API's value (and the text shown). */
    private void assertUsersPanelShows(WebDriverWait wait, JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(u -> ids.add(u.path("id").asText()));
        // the table as one snapshot (the panel may redraw between two element look-ups)
        List<List<String>> rows = wait.until(d -> {
            List<List<String>> table = table();
            return ids.equals(table.stream().map(r -> r.get(0)).toList()) ? table : null;
        });
        for (int i = 0; i < rows.size(); i++) {
            JsonNode user = page.path("items").get(i);
            List<String> row = rows.get(i);
            assertThat(row).hasSize(11);
            assertThat(row.get(1)).isEqualTo(user.path("name").asText());
            assertThat(row.get(3)).isEqualTo(user.path("email").asText());
            assertThat(row.get(5)).isEqualTo(user.path("loginCount").asText());
            assertThat(row.get(6)).isEqualTo(user.path("loginCount").asText());
            assertThat(row.get(7)).isEqualTo(user.path("failedLoginCount").asText());
            assertThat(row.get(8)).isEqualTo(user.path("failedLoginCount").asText());
            JsonNode last = user.path("lastLoginAt");
            if (last.isNull() || last.isMissingNode()) {
                assertThat(row.get(9)).isEqualTo("never");
                assertThat(row.get(10)).isEmpty();
            } else {
                assertThat(row.get(9)).isNotEqualTo("never").isNotBlank();
                assertThat(row.get(10)).isEqualTo(last.asText());
            }
        }
    }

    /** The users table: per row its user id, then each cell's text and data-value. */
    @SuppressWarnings("unchecked")
    private List<List<String>> table() {
        Object rows = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#users tbody tr')).map(tr => [tr.dataset.id || '']"
                        + ".concat(...Array.from(tr.cells).map(td => [td.textContent, td.dataset.value || ''])));");
        return (List<List<String>>) rows;
    }

    private static long sum(JsonNode page, String field) {
        long total = 0;
        for (JsonNode item : page.path("items")) {
            total += item.path(field).asLong();
        }
        return total;
    }

    /** A page of users as user-aggregator's own read API answers it (not through the proxy). */
    private JsonNode usersApi(String key, String query) {
        return get(ActivityStreamTestResource.USER_AGGREGATOR, "/users?" + query, key);
    }

    private JsonNode get(String urlKey, String path, String key) {
        try {
            String base = TestSettings.get(urlKey);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("X-Api-Key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()) : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CloudEvent event(String org, EventType type, String subject, Record payload) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", type, subject, Instant.now(), org, null, payload);
    }

    /** The campaign as campaign-aggregator's own read API answers it (not through the proxy). */
    private JsonNode readApi(String key, String campaign) {
        return get(ActivityStreamTestResource.CAMPAIGN_AGGREGATOR, "/campaigns/" + campaign, key);
    }
}
