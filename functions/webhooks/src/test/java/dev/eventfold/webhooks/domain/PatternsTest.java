package dev.eventfold.webhooks.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatternsTest {

    @Test
    void noPatternMatchesEverything() {
        assertThat(Patterns.parse("").matches("dev.eventfold.user.state.updated")).isTrue();
        assertThat(Patterns.parse(null).matches("anything")).isTrue();
    }

    @Test
    void aTrailingWildcardMatchesEveryTypeUnderThePrefix() {
        Patterns campaigns = new Patterns(List.of("dev.eventfold.campaign.*"));
        assertThat(campaigns.matches("dev.eventfold.campaign.stats.updated")).isTrue();
        assertThat(campaigns.matches("dev.eventfold.user.state.updated")).isFalse();
        assertThat(campaigns.matches("dev.eventfold.campaign")).isFalse();
    }

    @Test
    void exactAndInnerWildcardsAndSeveralPatterns() {
        Patterns patterns = Patterns.parse("dev.eventfold.user.state.updated dev.*.viewed.enriched");
        assertThat(patterns.matches("dev.eventfold.user.state.updated")).isTrue();
        assertThat(patterns.matches("dev.eventfold.page.viewed.enriched")).isTrue();
        assertThat(patterns.matches("dev.eventfold.user.state.updatedx")).isFalse();
        assertThat(patterns.matches("dev.eventfold.campaign.stats.updated")).isFalse();
        assertThat(Patterns.parse(patterns.stored())).isEqualTo(patterns);
    }

    @Test
    void subjectsUseTheSameGlobs() {
        Patterns subjects = Patterns.parse("campaign-1 user-*");
        assertThat(subjects.matches("campaign-1")).isTrue();
        assertThat(subjects.matches("campaign-2")).isFalse();
        assertThat(subjects.matches("user-42")).isTrue();
    }

    @Test
    void refusesMalformedPatterns() {
        assertThat(Patterns.problem(List.of("dev.eventfold.*"))).isNull();
        assertThat(Patterns.problem(List.of("has space"))).contains("has space");
        assertThat(Patterns.problem(List.of(""))).isNotNull();
    }
}
