package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The named workloads are what their names say, the same every time, and valid for the functions. */
class UserWorkloadTest {

    @Test
    void nEventsOverKUsersEachCreatedBeforeItsOtherEvents() {
        List<CloudEvent> events = UserWorkload.of(5_000, 500).generate();

        assertThat(events).hasSize(5_000);
        Set<String> created = new HashSet<>();
        for (CloudEvent e : events) {
            if (e.type().equals(EventType.USER_CREATED.type())) {
                assertThat(created.add(e.subject())).isTrue();
            } else {
                assertThat(created).contains(e.subject());
            }
        }
        assertThat(created).hasSize(500);
        assertThat(events.stream().map(CloudEvent::id).distinct().count()).isEqualTo(5_000);
    }

    @Test
    void sameSeedSameEvents() {
        assertThat(UserWorkload.of(1_000, 100).generate()).isEqualTo(UserWorkload.of(1_000, 100).generate());
    }

    @Test
    void campaignTotalsFollowFromTheGeneratedEvents() {
        PageWorkload.Generated g = PageWorkload.of(1_000, 3_000).generate();

        assertThat(g.total()).isEqualTo(5 + 2 * 1_000 + 3_000);
        assertThat(g.expected().values().stream().mapToLong(PageWorkload.Expected::pages).sum()).isEqualTo(1_000);
        assertThat(g.expected().values().stream().mapToLong(PageWorkload.Expected::views).sum()).isEqualTo(3_000);
    }

    @Test
    void medianIgnoresFailedRuns() {
        assertThat(Report.median(List.of(3.0, Double.NaN, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Report.median(List.of(4.0, 1.0))).isEqualTo(2.5);
        assertThat(Report.median(List.of(Double.NaN))).isNaN();
    }
}
