package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.Outcome;
import dev.eventfold.useraggregator.domain.User;
import dev.eventfold.useraggregator.domain.UserAggregator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.eventfold.useraggregator.UserEvents.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events / when event / then state and derived events, for the pure core (no container). */
class UserAggregatorTest {

    private final UserEvents acme = new UserEvents("org-acme");
    private final UserEvents globex = new UserEvents("org-globex");

    /** Folds events as the store would: parking events of unknown users, replaying them at the create. */
    private static final class Given {
        Optional<User> user = Optional.empty();
        final List<CloudEvent> parked = new ArrayList<>();
        final List<Login> history = new ArrayList<>();

        Given(CloudEvent... events) {
            for (CloudEvent e : events) {
                when(e);
            }
        }

        List<Outcome> when(CloudEvent event) {
            List<Outcome> outcomes = UserAggregator.apply(user, event, user.isEmpty() ? List.copyOf(parked) : List.of());
            for (Outcome o : outcomes) {
                if (o instanceof Outcome.Applied a) {
                    user = Optional.of(a.user());
                    a.login().ifPresent(history::add);
                    parked.remove(a.source());
                } else if (o instanceof Outcome.Parked p) {
                    parked.add(p.source());
                } else if (o instanceof Outcome.Rejected r) {
                    parked.remove(r.source());
                }
            }
            return outcomes;
        }
    }

    @Test
    void createdStartsTheUserAndDerivesItsState() {
        Given given = new Given();
        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com", "admin");

        List<Outcome> outcomes = given.when(created);

        assertThat(outcomes).hasSize(1);
        Outcome.Applied applied = (Outcome.Applied) outcomes.get(0);
        assertThat(applied.user()).isEqualTo(new User("u1", "org-acme", "Ada", "ada@example.com", List.of("admin"),
                at(0), at(0), 0, 0, null, null));
        CloudEvent derived = applied.derived();
        assertThat(derived.id()).isEqualTo(DerivedIds.derivedId("user-aggregator", created));
        assertThat(derived.type()).isEqualTo(EventType.USER_STATE_UPDATED.type());
        assertThat(derived.subject()).isEqualTo("u1");
        assertThat(derived.orgId()).isEqualTo("org-acme");
        assertThat(derived.payload(UserState.class)).isEqualTo(applied.user().toState());
    }

    @Test
    void updatedMergesOnlyTheFieldsPresent() {
        Given given = new Given(acme.created("u1", 0, "Ada", "ada@example.com", "admin"));

        given.when(acme.updated("u1", 5, null, "ada@lovelace.dev", null));

        User user = given.user.orElseThrow();
        assertThat(user.name()).isEqualTo("Ada");
        assertThat(user.email()).isEqualTo("ada@lovelace.dev");
        assertThat(user.roles()).containsExactly("admin");
        assertThat(user.updatedAt()).isEqualTo(at(5));
        assertThat(user.createdAt()).isEqualTo(at(0));
    }

    @Test
    void loginsCountAndRecordTheLatestLoginOfTheSubjectNotTheActor() {
        Given given = new Given(acme.created("u1", 0, "Ada", "ada@example.com"));

        given.when(acme.loggedIn("u1", 10, "10.0.0.1"));
        given.when(acme.loggedIn("u1", 3, "10.0.0.2")); // older login arriving late: counted, not the latest
        given.when(acme.loginFailed("u1", 12, "10.0.0.9", "bad password"));

        User user = given.user.orElseThrow();
        assertThat(user.loginCount()).isEqualTo(2);
        assertThat(user.failedLoginCount()).isEqualTo(1);
        assertThat(user.lastLoginAt()).isEqualTo(at(10));
        assertThat(user.lastLoginIp()).isEqualTo("10.0.0.1");
        assertThat(user.updatedAt()).isEqualTo(at(0));
        assertThat(given.history).extracting(Login::ip, Login::failed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", false),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.2", false),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.9", true));
        assertThat(given.history.get(2).reason()).isEqualTo("bad password");
    }

    @Test
    void eventsBeforeTheCreateAreParkedThenAppliedInTimeOrder() {
        CloudEvent login = acme.loggedIn("u1", 20, "10.0.0.1");
        CloudEvent rename = acme.updated("u1", 15, "Ada L.", null, null);
        Given given = new Given();

        assertThat(given.when(login)).singleElement().isInstanceOf(Outcome.Parked.class);
        assertThat(given.when(rename)).singleElement().isInstanceOf(Outcome.Parked.class);
        assertThat(given.user).isEmpty();

        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com", "viewer");
        List<Outcome> outcomes = given.when(created);

        assertThat(outcomes).hasSize(3).allMatch(o -> o instanceof Outcome.Applied);
        assertThat(outcomes.stream().map(o -> ((Outcome.Applied) o).source().id()))
                .containsExactly(created.id(), rename.id(), login.id());
        User user = given.user.orElseThrow();
        assertThat(user).isEqualTo(new User("u1", "org-acme", "Ada L.", "ada@example.com", List.of("viewer"),
                at(0), at(15), 1, 0, at(20), "10.0.0.1"));
        assertThat(((Outcome.Applied) outcomes.get(2)).derived().payload(UserState.class)).isEqualTo(user.toState());
        assertThat(given.parked).isEmpty();
    }

    @Test
    void aParkedEventOfAnotherOrganizationIsRejectedWhenTheCreateArrives() {
        Given given = new Given(globex.loggedIn("u1", 1, "10.6.6.6"));

        List<Outcome> outcomes = given.when(acme.created("u1", 0, "Ada", "ada@example.com"));

        assertThat(outcomes.get(1)).isInstanceOf(Outcome.Rejected.class);
        assertThat(given.user.orElseThrow().loginCount()).isZero();
    }

    @Test
    void aSecondCreateReplacesTheProfileAndKeepsCountsAndCreationTime() {
        Given given = new Given(
                acme.created("u1", 5, "Ada", "ada@example.com", "admin"),
                acme.loggedIn("u1", 6, "10.0.0.1"));

        given.when(acme.created("u1", 9, "Ada Lovelace", "ada@lovelace.dev", "owner"));

        assertThat(given.user.orElseThrow()).isEqualTo(new User("u1", "org-acme", "Ada Lovelace", "ada@lovelace.dev",
                List.of("owner"), at(5), at(9), 1, 0, at(6), "10.0.0.1"));
    }

    @Test
    void anEventOfAnotherOrganizationCannotChangeTheUser() {
        Given given = new Given(acme.created("u1", 0, "Ada", "ada@example.com"));

        assertThatThrownBy(() -> given.when(globex.updated("u1", 1, "Mallory", null, null)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations())
                        .extracting(v -> v.field()).containsExactly("orgid"));
        assertThat(given.user.orElseThrow().name()).isEqualTo("Ada");
    }

    @Test
    void aPoisonPayloadNeverReachesTheCore() {
        // the core trusts its input: both triggers decode with the contract's codec, which refuses this with every problem
        assertThatThrownBy(() -> EventCodec.internal().decode(EventCodec.encode(acme.poison("u1", 0))))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations())
                        .extracting(v -> v.field())
                        .contains("data.name", "data.email", "data.roles"));
    }

    @Test
    void theDerivedStateContinuesTheTraceOfItsEvent() {
        CloudEvent created = acme.created("u1", 0, "Ada", "ada@example.com")
                .withTrace("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);

        List<Outcome> outcomes = UserAggregator.apply(Optional.empty(), created, List.of());

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Applied.class, applied ->
                assertThat(applied.derived().traceparent()).isEqualTo(created.traceparent()));
    }

    @Test
    void redeliveringAnEventDerivesTheSameEventId() {
        CloudEvent login = acme.loggedIn("u1", 1, "10.0.0.1");
        User user = new Given(acme.created("u1", 0, "Ada", "ada@example.com")).user.orElseThrow();

        Outcome.Applied first = (Outcome.Applied) UserAggregator.decide(Optional.of(user), login);
        Outcome.Applied again = (Outcome.Applied) UserAggregator.decide(Optional.of(user), login);

        assertThat(again.derived()).isEqualTo(first.derived());
    }
}
