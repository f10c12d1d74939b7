package dev.eventfold.localstack.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    private final Path root = Path.of("/project");

    @Test
    void defaultsSimulateAHundredThousandPagesFromEmptyState() {
        LaunchOptions options = LaunchOptions.parse(root);
        assertThat(options.pages()).isEqualTo(100_000);
        assertThat(options.visits()).isEqualTo(20_000);
        assertThat(options.users()).isEqualTo(200);
        assertThat(options.reuse()).isFalse();
        assertThat(options.keepRunning()).isFalse();
        assertThat(options.runDir()).isEqualTo(root.resolve("run"));
    }

    @Test
    void sizesAndSwitchesAreRead() {
        LaunchOptions options = LaunchOptions.parse(root, "--pages", "2_000", "--visits", "5,000", "--users", "7",
                "--keep-running", "--reuse", "--only", "user-aggregator,geo-enricher");
        assertThat(options.pages()).isEqualTo(2000);
        assertThat(options.visits()).isEqualTo(5000);
        assertThat(options.users()).isEqualTo(7);
        assertThat(options.keepRunning()).isTrue();
        assertThat(options.reuse()).isTrue();
        assertThat(options.only()).isEqualTo(List.of("user-aggregator", "geo-enricher"));
    }

    @Test
    void unknownOptionsAndBadNumbersShowTheUsage() {
        assertThatThrownBy(() -> LaunchOptions.parse(root, "--pagez", "1")).hasMessageContaining("Usage:");
        assertThatThrownBy(() -> LaunchOptions.parse(root, "--pages", "-3")).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> LaunchOptions.parse(root, "--visits")).hasMessageContaining("needs a value");
    }
}
