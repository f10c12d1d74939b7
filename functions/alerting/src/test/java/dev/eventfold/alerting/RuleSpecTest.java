package dev.eventfold.alerting;

import dev.eventfold.alerting.domain.Direction;
import dev.eventfold.alerting.domain.RuleKind;
import dev.eventfold.alerting.domain.RuleSpec;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Rules are checked to the letter, with every problem reported and the defaults filled in. */
class RuleSpecTest {

    private static RuleSpec parse(String json) throws Exception {
        return RuleSpec.parse(Json.MAPPER.readTree(json));
    }

    private static ValidationException invalid(String json) {
        return catchThrowableOfType(ValidationException.class, () -> parse(json));
    }

    @Test
    void failedLoginsDefaultToFiveInTenMinutes() throws Exception {
        RuleSpec spec = parse("{\"kind\":\"failed-logins-per-user\",\"name\":\"brute force\"}");

        assertThat(spec.kind()).isEqualTo(RuleKind.FAILED_LOGINS_PER_USER);
        assertThat(spec.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.threshold()).isEqualTo(5);
    }

    @Test
    void campaignViewsTakeAMultipleWithThreeTrailingHoursByDefault() throws Exception {
        RuleSpec spec = parse("{\"kind\":\"campaign-views\",\"direction\":\"below\",\"multiple\":0.5}");

        assertThat(spec.window()).isEqualTo(Duration.ofHours(1));
        assertThat(spec.direction()).isEqualTo(Direction.BELOW);
        assertThat(spec.trailingWindows()).isEqualTo(3);
        assertThat(spec.threshold()).isNull();
    }

    @Test
    void aNegativeOrZeroWindowIsRefused() {
        assertThat(invalid("{\"kind\":\"failed-logins-per-ip\",\"window\":\"PT-10M\"}").violations())
                .extracting(Violation::field).containsExactly("window");
        assertThat(invalid("{\"kind\":\"failed-logins-per-ip\",\"window\":\"PT0S\"}").violations())
                .extracting(Violation::field).containsExactly("window");
        assertThat(invalid("{\"kind\":\"failed-logins-per-ip\",\"window\":\"ten minutes\"}").violations())
                .extracting(Violation::field).containsExactly("window");
    }

    @Test
    void unknownFieldsKindsAndWatchedFieldsAreRefused() {
        assertThat(invalid("{\"kind\":\"failed-logins-per-user\",\"treshold\":5,\"country\":\"DE\"}").violations())
                .extracting(Violation::field).containsExactlyInAnyOrder("treshold", "country");
        assertThat(invalid("{\"kind\":\"disk-full\"}").violations()).extracting(Violation::field)
                .containsExactly("kind");
        assertThat(invalid("{\"kind\":\"user-state-change\",\"field\":\"password\",\"gained\":\"x\"}").violations())
                .extracting(Violation::field).containsExactly("field");
        assertThat(invalid("[1]").violations()).extracting(Violation::field).containsExactly("body");
    }

    @Test
    void thresholdsOutOfRangeAreRefusedWithEveryProblem() {
        assertThat(invalid("{\"kind\":\"failed-logins-per-user\",\"threshold\":0,\"window\":\"P30D\"}").violations())
                .extracting(Violation::field).containsExactlyInAnyOrder("threshold", "window");
        assertThat(invalid("{\"kind\":\"failed-logins-per-user\",\"threshold\":2.5}").violations())
                .extracting(Violation::field).containsExactly("threshold");
        assertThat(invalid("{\"kind\":\"campaign-views\",\"direction\":\"sideways\",\"threshold\":-1}").violations())
                .extracting(Violation::field).containsExactlyInAnyOrder("direction", "threshold");
        assertThat(invalid("{\"kind\":\"campaign-views\",\"direction\":\"above\",\"threshold\":5,\"multiple\":2}")
                .violations()).extracting(Violation::field).containsExactly("threshold");
        assertThat(invalid("{\"kind\":\"campaign-views\",\"direction\":\"above\",\"multiple\":0}").violations())
                .extracting(Violation::field).containsExactly("multiple");
    }
}
