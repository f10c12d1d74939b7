package dev.eventfold.localstack.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.PageClicked;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageSent;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A simulated product driving ingest like real clients: an organization, users signing up and logging in (some
 * failing), a campaign of personalized pages emailed out, then a burst of visits through the tracking pixel.
 */
public final class Simulation {

    static final int BATCH = 500;
    static final List<String> FIRST = List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Linus",
            "Radia", "Donald", "Frances", "John", "Katherine", "Dennis", "Hedy", "Tim");
    static final List<String> LAST = List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson",
            "Hamilton", "Torvalds", "Perlman", "Knuth", "Allen", "Backus", "Johnson", "Ritchie", "Lamarr", "Lee");
    static final List<String> COMPANIES = List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries",
            "Wayne Enterprises", "Soylent", "Tyrell", "Cyberdyne");
    static final List<String> FAILURES = List.of("wrong password", "account locked", "expired one-time code");
    static final List<String> TARGETS = List.of("https://example.com/pricing", "https://example.com/demo",
            "https://example.com/case-study");
    static final List<String> REFERRERS = List.of("https://mail.google.com/", "https://outlook.office.com/", "");

    /** What the simulation created, for the summary. */
    public record Result(IngestClient.Organization organization, String campaignId, int users, int pages,
                         long events, long visits, long clicks) {
    }

    private final IngestClient ingest;
    private final VisitorPool visitors;
    private final Random random;
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong visitsSent = new AtomicLong();
    private final Semaphore batchesInFlight = new Semaphore(4);
    private final Semaphore pixelsInFlight = new Semaphore(48);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public Simulation(IngestClient ingest, VisitorPool visitors, Random random) {
        this.ingest = ingest;
        this.visitors = visitors;
        this.random = random;
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public long visitsSent() {
        return visitsSent.get();
    }

    public Result run(LaunchOptions options, java.util.function.Consumer<String> say) throws Exception {
        IngestClient.Organization org = ingest.createOrganization("Simulated Outreach " + UUID.randomUUID().toString().substring(0, 6));
        say.accept("organization " + org.id() + " created, API key " + org.apiKey() + " (issued by ingest's admin API)");

        List<ObjectNode> userEvents = new ArrayList<>();
        for (int i = 0; i < options.users(); i++) {
            String userId = UUID.randomUUID().toString();
            String name = pick(FIRST) + " " + pick(LAST);
            userEvents.add(IngestClient.event(EventType.USER_CREATED, userId, new UserCreated(name,
                    name.toLowerCase().replace(' ', '.') + i + "@example.com", i == 0 ? List.of("admin") : List.of("member"))));
            for (int login = random.nextInt(4); login >= 0; login--) {
                if (random.nextDouble() < 0.25) {
                    userEvents.add(IngestClient.event(EventType.USER_LOGIN_FAILED, userId, new UserLoginFailed(
                            visitors.address(), visitors.userAgent(), pick(FAILURES))));
                }
                userEvents.add(IngestClient.event(EventType.USER_LOGGED_IN, userId,
                        new UserLoggedIn(visitors.address(), visitors.userAgent())));
            }
        }
        sendAll(userEvents);
        say.accept(options.users() + " users signed up and logged in (" + userEvents.size() + " events, some logins failed)");

        String campaignId = UUID.randomUUID().toString();
        sendAll(List.of(IngestClient.event(EventType.CAMPAIGN_CREATED, campaignId,
                new CampaignCreated("Spring launch", "Personalized pages for " + options.pages() + " prospects"))));
        List<String> pages = new ArrayList<>(options.pages());
        List<ObjectNode> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < options.pages(); i++) {
            String pageId = UUID.randomUUID().toString();
            pages.add(pageId);
            String name = pick(FIRST) + " " + pick(LAST);
            batch.add(IngestClient.event(EventType.PAGE_CREATED, pageId, new PageCreated(name,
                    "prospect" + i + "@example.org", pick(COMPANIES), campaignId)));
            batch = flushIfFull(batch);
        }
        sendAll(batch);
        say.accept("campaign " + campaignId + ": " + pages.size() + " pages created");
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < pages.size(); i++) {
            batch.add(IngestClient.event(EventType.PAGE_SENT, pages.get(i), new PageSent("prospect" + i + "@example.org")));
            batch = flushIfFull(batch);
        }
        sendAll(batch);
        say.accept(pages.size() + " pages emailed out");

        long clicks = visit(options.visits(), pages);
        say.accept(options.visits() + " visits through the tracking pixel, " + clicks + " clicks");
        return new Result(org, campaignId, options.users(), pages.size(), eventsSent.get(), visitsSent.get(), clicks);
    }

    private long visit(int visits, List<String> pages) throws Exception {
        if (pages.isEmpty() || visits == 0) {
            return 0;
        }
        int opened = Math.max(1, (int) (pages.size() * 0.35));
        int people = Math.max(1, (int) (visits * 0.6));
        String[] ips = new String[people];
        String[] agents = new String[people];
        List<ObjectNode> clicks = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < visits; i++) {
            int person = random.nextInt(people);
            if (ips[person] == null) {
                ips[person] = visitors.address();
                agents[person] = visitors.userAgent();
            }
            String page = pages.get(random.nextDouble() < 0.8 ? person % opened : random.nextInt(opened));
            pixelsInFlight.acquire();
            checkFailure();
            pending.add(ingest.pixel(page, "visitor-" + person, ips[person], agents[person], pick(REFERRERS))
                    .whenComplete((status, error) -> {
                        pixelsInFlight.release();
                        if (error != null || status != 200) {
                            failure.compareAndSet(null, error != null ? error
                                    : new IllegalStateException("the pixel answered " + status));
                        }
                        visitsSent.incrementAndGet();
                    }));
            if (random.nextDouble() < 0.15) {
                clicks.add(IngestClient.event(EventType.PAGE_CLICKED, page, new PageClicked(pick(TARGETS))));
            }
            if (pending.size() > 10_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        checkFailure();
        sendAll(clicks);
        return clicks.size();
    }

    private List<ObjectNode> flushIfFull(List<ObjectNode> batch) throws Exception {
        if (batch.size() < BATCH) {
            return batch;
        }
        send(batch);
        return new ArrayList<>(BATCH);
    }

    /** Sends the events in batches and waits until ingest accepted all of them. */
    private void sendAll(List<ObjectNode> events) throws Exception {
        for (int from = 0; from < events.size(); from += BATCH) {
            send(events.subList(from, Math.min(events.size(), from + BATCH)));
        }
        batchesInFlight.acquire(4);
        batchesInFlight.release(4);
        checkFailure();
    }

    private void send(List<ObjectNode> batch) throws Exception {
        batchesInFlight.acquire();
        checkFailure();
        int size = batch.size();
        ingest.sendBatch(List.copyOf(batch)).whenComplete((ok, error) -> {
            batchesInFlight.release();
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                eventsSent.addAndGet(size);
            }
        });
    }

    private void checkFailure() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("The simulation stopped: " + error.getMessage(), error);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
