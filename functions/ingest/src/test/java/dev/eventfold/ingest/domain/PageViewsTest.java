package dev.eventfold.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pixel's page and visitor ids follow the contract, so a recorded page view is never refused downstream. */
class PageViewsTest {

    @Test
    void pageIdsAreSubjectsTheContractAccepts() {
        assertThat(PageViews.validPageId("page-42")).isTrue();
        assertThat(PageViews.validPageId("p".repeat(256))).isTrue();
        assertThat(PageViews.validPageId("\u00e9".repeat(129))).as("258 UTF-8 bytes").isFalse();
        assertThat(PageViews.validPageId("page\u0000")).isFalse();
        assertThat(PageViews.validPageId("page\uFFFE")).isFalse();
        assertThat(PageViews.validPageId(" ")).isFalse();
        assertThat(PageViews.validPageId(null)).isFalse();
    }

    @Test
    void visitorIdsAreShortAscii() {
        assertThat(PageViews.validVisitorId("visitor-1_a.b")).isTrue();
        assertThat(PageViews.validVisitorId("v".repeat(129))).isFalse();
        assertThat(PageViews.validVisitorId("vis\u00e9")).isFalse();
    }
}
