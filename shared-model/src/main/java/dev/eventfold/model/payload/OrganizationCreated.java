package dev.eventfold.model.payload;

/** A tenant came into being; subject and {@code orgid} are its id. */
public record OrganizationCreated(String name) {
}
