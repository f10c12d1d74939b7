package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A small kustomize: renders a kustomization directory (resources, nested bases, strategic-merge and JSON 6902
 * patches, namespace, images, commonAnnotations) as kustomize does for these kinds (a custom resource's lists are
 * replaced by a strategic-merge patch, not merged by name) and reports every reference that does not resolve: a missing
 * resource or patch file, a patch that targets no resource, an image entry that matches no container, and a
 * manifest next to a kustomization.yaml that it does not list (it would never be deployed).
 */
public final class KustomizeRenderer {

    private final Path root;
    private final List<Problem> problems = new ArrayList<>();

    /** {@code root} is the folder that problem file names are relative to (the knative module). */
    public KustomizeRenderer(Path root) {
        this.root = root;
    }

    public record Rendering(List<Manifest> manifests, List<Problem> problems) {
    }

    public Rendering render(Path kustomizationDir) {
        problems.clear();
        List<Manifest> manifests = renderDir(kustomizationDir.normalize(), new HashSet<>());
        return new Rendering(manifests, List.copyOf(problems));
    }

    private List<Manifest> renderDir(Path dir, Set<Path> visiting) {
        Path file = dir.resolve("kustomization.yaml");
        String fileName = relative(file);
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(relative(dir), "no kustomization.yaml"));
            return List.of();
        }
        if (!visiting.add(dir)) {
            problems.add(new Problem(fileName, "includes itself"));
            return List.of();
        }
        Kustomization kustomization;
        try {
            kustomization = ManifestReader.STRICT_YAML.readValue(file.toFile(), Kustomization.class);
        } catch (IOException e) {
            problems.add(new Problem(fileName, "does not parse: " + e.getMessage().lines().findFirst().orElse("")));
            return List.of();
        }
        if (!"Kustomization".equals(kustomization.kind())) {
            problems.add(new Problem(fileName, "kind must be Kustomization"));
        }
        List<Manifest> manifests = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        for (String resource : kustomization.resources()) {
            Path path = dir.resolve(resource).normalize();
            listed.add(path);
            if (Files.isDirectory(path)) {
                manifests.addAll(renderDir(path, visiting));
            } else if (Files.isRegularFile(path)) {
                try {
                    manifests.addAll(ManifestReader.read(path, relative(path)));
                } catch (IOException e) {
                    problems.add(new Problem(relative(path), "does not parse: " + e.getMessage()));
                }
            } else {
                problems.add(new Problem(fileName, "resource " + resource + " does not exist"));
            }
        }
        for (Kustomization.Patch patch : kustomization.patches()) {
            if (patch.path() == null) {
                problems.add(new Problem(fileName, "a patch without path (inline patches are not used here)"));
                continue;
            }
            Path path = dir.resolve(patch.path()).normalize();
            listed.add(path);
            if (!Files.isRegularFile(path)) {
                problems.add(new Problem(fileName, "patch " + patch.path() + " does not exist"));
                continue;
            }
            applyPatch(manifests, patch, path, fileName);
        }
        if (kustomization.namespace() != null) {
            manifests.replaceAll(m -> withNamespace(m, kustomization.namespace()));
        }
        for (Kustomization.Image image : kustomization.images()) {
            if (!setImage(manifests, image)) {
                problems.add(new Problem(fileName, "image " + image.name() + " matches no container"));
            }
        }
        if (!kustomization.commonAnnotations().isEmpty()) {
            manifests.replaceAll(m -> {
                ObjectNode raw = m.raw().deepCopy();
                ObjectNode annotations = metadata(raw).with("annotations");
                kustomization.commonAnnotations().forEach(annotations::put);
                return m.withRaw(raw);
            });
        }
        reportUnlisted(dir, listed, fileName);
        visiting.remove(dir);
        return manifests;
    }

    private void applyPatch(List<Manifest> manifests, Kustomization.Patch patch, Path path, String fileName) {
        String patchName = relative(path);
        JsonNode content;
        try {
            content = ManifestReader.YAML.readTree(path.toFile());
        } catch (IOException e) {
            problems.add(new Problem(patchName, "does not parse: " + e.getMessage()));
            return;
        }
        Kustomization.Target target = patch.target();
        if (target == null) {
            if (content == null || !content.isObject()) {
                problems.add(new Problem(fileName, "patch " + patch.path() + " needs a target (JSON 6902 patch)"));
                return;
            }
            Manifest self = new Manifest(patchName, 0, (ObjectNode) content);
            target = new Kustomization.Target(self.group(), null, self.kind(), "^" + self.name() + "$");
        }
        boolean matched = false;
        for (int i = 0; i < manifests.size(); i++) {
            Manifest manifest = manifests.get(i);
            if (!matches(target, manifest)) {
                continue;
            }
            matched = true;
            ObjectNode patched = manifest.raw().deepCopy();
            try {
                if (content.isArray()) {
                    JsonPatch.apply(patched, (ArrayNode) content);
                } else {
                    ObjectNode body = ((ObjectNode) content).deepCopy();
                    // With an explicit target the patch's own name is only a placeholder (kustomize's rule).
                    body.remove("metadata");
                    body.remove("apiVersion");
                    body.remove("kind");
                    if (content.has("metadata")) {
                        ObjectNode metadata = ((ObjectNode) content.get("metadata")).deepCopy();
                        metadata.remove("name");
                        metadata.remove("namespace");
                        body.set("metadata", metadata);
                    }
                    strategicMerge(patched, body, hasSchema(manifest));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(patchName, e.getMessage() + " in " + manifest));
                continue;
            }
            manifests.set(i, manifest.withRaw(patched));
        }
        if (!matched) {
            problems.add(new Problem(fileName, "patch " + patch.path() + " targets no resource (" + describe(target)
                    + ")"));
        }
    }

    static boolean matches(Kustomization.Target target, Manifest manifest) {
        String version = manifest.apiVersion().substring(manifest.apiVersion().indexOf('/') + 1);
        return (target.group() == null || target.group().equals(manifest.group()))
                && (target.version() == null || target.version().equals(version))
                && (target.kind() == null || target.kind().equals(manifest.kind()))
                && (target.name() == null || manifest.name().matches(target.name()));
    }

    /**
     * Kustomize knows the merge keys of built-in kinds only: for a custom resource (a Knative Service, a
     * KafkaTopic) it has no schema, so a list in a patch replaces the whole list, as in a JSON merge patch.
     */
    static boolean hasSchema(Manifest manifest) {
        return Set.of("", "apps", "batch").contains(manifest.group());
    }

    /**
     * Maps merge key by key; null deletes; with a schema ({@code namedLists}), lists of named objects merge by
     * name; any other value replaces.
     */
    static void strategicMerge(ObjectNode target, ObjectNode patch, boolean namedLists) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (existing instanceof ObjectNode existingObject && value instanceof ObjectNode valueObject) {
                strategicMerge(existingObject, valueObject, namedLists);
            } else if (namedLists && existing instanceof ArrayNode existingArray && value instanceof ArrayNode valueArray
                    && isNamedList(existingArray) && isNamedList(valueArray)) {
                mergeByName(existingArray, valueArray);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean isNamedList(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    private static void mergeByName(ArrayNode target, ArrayNode patch) {
        for (JsonNode item : patch) {
            JsonNode match = null;
            for (JsonNode existing : target) {
                if (existing.get("name").equals(item.get("name"))) {
                    match = existing;
                }
            }
            if (match == null) {
                target.add(item.deepCopy());
            } else {
                strategicMerge((ObjectNode) match, (ObjectNode) item, true);
            }
        }
    }

    private static Manifest withNamespace(Manifest manifest, String namespace) {
        ObjectNode raw = manifest.raw().deepCopy();
        metadata(raw).put("namespace", namespace);
        return manifest.withRaw(raw);
    }

    private static ObjectNode metadata(ObjectNode raw) {
        return raw.with("metadata");
    }

    /**
     * Sets the image of every container whose image name is {@code image.name()}, wherever a {@code containers} or
     * {@code initContainers} list is (a Service's template, a CronJob's job template), as kustomize's images
     * transformer does; false if there is none.
     */
    private static boolean setImage(List<Manifest> manifests, Kustomization.Image image) {
        boolean found = false;
        for (int i = 0; i < manifests.size(); i++) {
            ObjectNode raw = manifests.get(i).raw().deepCopy();
            if (setImage(raw, image)) {
                manifests.set(i, manifests.get(i).withRaw(raw));
                found = true;
            }
        }
        return found;
    }

    private static boolean setImage(JsonNode node, Kustomization.Image image) {
        boolean changed = false;
        if (node.isArray()) {
            for (JsonNode item : node) {
                changed |= setImage(item, image);
            }
            return changed;
        }
        if (!node.isObject()) {
            return false;
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                    && field.getValue().isArray()) {
                for (JsonNode container : field.getValue()) {
                    changed |= setContainerImage(container, image);
                }
            } else {
                changed |= setImage(field.getValue(), image);
            }
        }
        return changed;
    }

    private static boolean setContainerImage(JsonNode container, Kustomization.Image image) {
        String current = container.path("image").asText("");
        String name = imageName(current);
        if (!container.isObject() || !name.equals(image.name())) {
            return false;
        }
        String newName = image.newName() != null ? image.newName() : name;
        String suffix;
        if (image.digest() != null) {
            suffix = "@" + image.digest();
        } else if (image.newTag() != null) {
            suffix = ":" + image.newTag();
        } else {
            suffix = current.substring(name.length());
        }
        ((ObjectNode) container).put("image", newName + suffix);
        return true;
    }

    /** The image reference without tag or digest (a colon after the last slash starts the tag). */
    static String imageName(String image) {
        int at = image.indexOf('@');
        String withoutDigest = at < 0 ? image : image.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private void reportUnlisted(Path dir, Set<Path> listed, String fileName) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().startsWith("kustomization."))
                    .filter(p -> !underListedOrOtherKustomization(dir, p, listed))
                    .sorted()
                    .forEach(p -> problems.add(new Problem(relative(p), "not listed in " + fileName
                            + ": it would never be deployed")));
        } catch (IOException e) {
            problems.add(new Problem(fileName, "cannot list " + dir + ": " + e.getMessage()));
        }
    }

    private static boolean underListedOrOtherKustomization(Path dir, Path file, Set<Path> listed) {
        if (listed.contains(file.normalize())) {
            return true;
        }
        for (Path parent = file.getParent(); parent != null && !parent.equals(dir); parent = parent.getParent()) {
            if (listed.contains(parent.normalize()) || Files.isRegularFile(parent.resolve("kustomization.yaml"))) {
                return true;
            }
        }
        return false;
    }

    private String relative(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return (normalized.startsWith(base) ? base.relativize(normalized) : normalized).toString().replace('\\', '/');
    }

    private static String describe(Kustomization.Target target) {
        return Stream.of(target.group() == null || target.group().isEmpty() ? null : "group " + target.group(),
                        target.kind() == null ? null : "kind " + target.kind(),
                        target.name() == null ? null : "name " + target.name())
                .filter(s -> s != null)
                .reduce((a, b) -> a + ", " + b)
                .orElse("any");
    }
}
