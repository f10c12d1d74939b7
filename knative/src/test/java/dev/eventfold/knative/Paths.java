package dev.eventfold.knative;

import java.nio.file.Path;

/** Where the manifests and the function modules are: passed by the pom, with the module folder as fallback. */
final class Paths {

    private Paths() {
    }

    static Path knative() {
        return Path.of(System.getProperty("eventfold.knative.dir", ".")).toAbsolutePath().normalize();
    }

    static Path functions() {
        return Path.of(System.getProperty("eventfold.functions.dir", "../functions")).toAbsolutePath().normalize();
    }

    static Path base() {
        return knative().resolve("base");
    }

    static Path overlay(String name) {
        return knative().resolve("overlays").resolve(name);
    }
}
