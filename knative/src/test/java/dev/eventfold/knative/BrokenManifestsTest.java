package dev.eventfold.knative;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture under src/test/resources/broken/&lt;case&gt;/ breaks one thing in a copy of the real base: its files
 * replace (or are added to) the base's, and {@code expected.txt} names the file and the problem the checks must
 * report — a problem that the unbroken copy does not have. {@code NONE} means the change must add no problem.
 */
class BrokenManifestsTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(Paths.knative().resolve("src/test/resources/broken"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theChecksNameTheFileAndTheProblem(String name, @TempDir Path tmp) throws IOException {
        Path fixture = Paths.knative().resolve("src/test/resources/broken").resolve(name);
        Path intact = copyOfBase(tmp.resolve("intact"));
        Path broken = copyOfBase(tmp.resolve("broken"));
        breakWith(fixture, broken.resolve("base"));
        String expected = Files.readString(fixture.resolve("expected.txt")).trim();

        List<Problem> before = check(intact);
        List<Problem> after = check(broken);

        if (expected.equals("NONE")) {
            assertThat(after).as("problems after " + name).containsExactlyInAnyOrderElementsOf(before);
            return;
        }
        String file = expected.substring(0, expected.indexOf(": "));
        String message = expected.substring(expected.indexOf(": ") + 2);
        assertThat(after).as("problems after " + name)
                .anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo(file);
                    assertThat(p.message()).contains(message);
                });
        assertThat(before).as("problems of the unbroken base")
                .noneSatisfy(p -> assertThat(p.toString()).contains(message));
    }

    private static List<Problem> check(Path knative) {
        KustomizeRenderer.Rendering rendering = new KustomizeRenderer(knative).render(knative.resolve("base"));
        List<Problem> problems = new java.util.ArrayList<>(rendering.problems());
        problems.addAll(new ManifestValidator(Paths.functions()).validate(rendering.manifests()));
        return problems;
    }

    private static Path copyOfBase(Path knative) throws IOException {
        Path source = Paths.base();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = knative.resolve("base").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return knative;
    }

    /** Copies the fixture's files over the base; files the base lacks are added to its kustomization.yaml. */
    private static void breakWith(Path fixture, Path base) throws IOException {
        Path kustomization = base.resolve("kustomization.yaml");
        ObjectNode tree = (ObjectNode) ManifestReader.YAML.readTree(kustomization.toFile());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = fixture.relativize(file).toString().replace('\\', '/');
                if (relative.equals("expected.txt")) {
                    continue;
                }
                Path target = base.resolve(relative);
                if (!Files.exists(target)) {
                    ((ArrayNode) tree.get("resources")).add(relative);
                }
                Files.createDirectories(target.getParent());
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ManifestReader.YAML.writeValue(kustomization.toFile(), tree);
    }
}
