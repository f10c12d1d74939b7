package dev.eventfold.model;

import java.util.Objects;

/**
 * What makes an event unique: its organization, its {@code source} and its {@code id}. CloudEvents defines
 * uniqueness as (source, id); Eventfold scopes it by tenant too, so two organizations, or two sources of one
 * organization, may use the same id without one's event being dropped as the other's duplicate.
 */
public record EventIdentity(String orgId, String source, String id) {

    public EventIdentity {
        orgId = orgId == null ? "" : orgId;
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    public static EventIdentity of(CloudEvent event) {
        return new EventIdentity(event.orgId(), event.source(), event.id());
    }
}
