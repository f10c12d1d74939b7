package dev.eventfold.integrations.delivery;

import dev.eventfold.integrations.domain.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Delivers {@code salesforce} destinations' messages (see {@link ToolTransport}). */
@ApplicationScoped
public class SalesforceTransport extends ToolTransport {

    @Override
    protected Tool tool() {
        return Tool.SALESFORCE;
    }

    /** One request's worth of the tool's most common endpoint. */
    @Override
    public int maxBatchCount() {
        return 200;
    }
}
