package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One YAML document of a manifest file: its raw tree (as written, or as an overlay patched it) and where it came
 * from. {@link ManifestReader} turns it into the typed object of its kind.
 */
public record Manifest(String file, int document, ObjectNode raw) {

    public String apiVersion() {
        return raw.path("apiVersion").asText("");
    }

    public String kind() {
        return raw.path("kind").asText("");
    }

    public String name() {
        return raw.path("metadata").path("name").asText("");
    }

    /** The API group, e.g. {@code serving.knative.dev}; empty for the core group ({@code v1}). */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public JsonNode labels() {
        return raw.path("metadata").path("labels");
    }

    /** The file, with the document index when the file holds more than one. */
    public String location() {
        return document == 0 ? file : file + "#" + document;
    }

    public Manifest withRaw(ObjectNode newRaw) {
        return new Manifest(file, document, newRaw);
    }

    @Override
    public String toString() {
        return kind() + "/" + name() + " (" + location() + ")";
    }
}
