package dev.eventfold.integrations.domain;

import dev.eventfold.integrations.domain.hubspot.HubSpotTranslator;
import dev.eventfold.integrations.domain.salesforce.SalesforceTranslator;
import dev.eventfold.integrations.domain.segment.SegmentTranslator;

import java.util.Map;

/** The translator of each tool (stateless, shared). */
public final class Translators {

    private static final Map<Tool, Translator> BY_TOOL = Map.of(
            Tool.HUBSPOT, new HubSpotTranslator(),
            Tool.SALESFORCE, new SalesforceTranslator(),
            Tool.SEGMENT, new SegmentTranslator());

    private Translators() {
    }

    public static Translator of(Tool tool) {
        return BY_TOOL.get(tool);
    }
}
