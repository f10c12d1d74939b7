package dev.eventfold.knative;

import java.util.List;
import java.util.Map;

/**
 * The part of a {@code kustomization.yaml} these manifests use, read strictly: a field outside it (a generator,
 * a deprecated {@code patchesStrategicMerge}) fails the check instead of being rendered wrongly.
 */
public record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                            List<Patch> patches, List<Image> images, Map<String, String> commonAnnotations) {

    public Kustomization {
        resources = resources == null ? List.of() : resources;
        patches = patches == null ? List.of() : patches;
        images = images == null ? List.of() : images;
        commonAnnotations = commonAnnotations == null ? Map.of() : commonAnnotations;
    }

    /** A patch file (strategic merge, or a JSON 6902 list of operations) and the resources it applies to. */
    public record Patch(String path, Target target) {
    }

    /** Kustomize's selector; an absent field matches anything, {@code name} is a regular expression. */
    public record Target(String group, String version, String kind, String name) {
    }

    public record Image(String name, String newName, String newTag, String digest) {
    }
}
