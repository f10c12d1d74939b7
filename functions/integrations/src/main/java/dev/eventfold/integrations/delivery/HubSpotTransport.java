package dev.eventfold.integrations.delivery;

import dev.eventfold.integrations.domain.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Delivers {@code hubspot} destinations' messages (see {@link ToolTransport}). */
@ApplicationScoped
public class HubSpotTransport extends ToolTransport {

    @Override
    protected Tool tool() {
        return Tool.HUBSPOT;
    }

    /** One request's worth of the tool's most common endpoint. */
    @Override
    public int maxBatchCount() {
        return 100;
    }
}
