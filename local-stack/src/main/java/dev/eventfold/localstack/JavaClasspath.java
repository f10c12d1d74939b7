package dev.eventfold.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/** The class path a child JVM needs: this JVM's own (manifest-only jars expanded) or, failing that, local-stack's from Maven. */
public final class JavaClasspath {

    private JavaClasspath() {
    }

    /**
     * This JVM's class path when it holds the Kafka broker, otherwise local-stack's runtime class path from Maven;
     * without Quarkus jars, whose log configurator would swallow the broker's logs.
     */
    public static String forKafka() {
        List<String> current = current();
        String classPath = current.stream().anyMatch(e -> new File(e).getName().startsWith("kafka_2.13-"))
                ? String.join(File.pathSeparator, current)
                : fromMaven();
        return withoutQuarkus(classPath);
    }

    static String withoutQuarkus(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !new File(e).getName().startsWith("quarkus-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The entries of java.class.path, with the Class-Path of manifest-only jars (as Surefire uses) expanded. */
    public static List<String> current() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            entries.add(entry);
            entries.addAll(manifestClassPath(Path.of(entry)));
        }
        return new ArrayList<>(entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            URI base = jar.toAbsolutePath().getParent().toUri();
            for (String item : classPath.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(item)).toString());
            }
            return entries;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    /** Asks Maven for local-stack's runtime class path (needs the project sources and mvn on the PATH). */
    static String fromMaven() {
        Path root = projectRoot();
        try {
            Path out = Files.createTempFile("local-stack", ".classpath");
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-pl", "local-stack", "dependency:build-classpath",
                    "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + out)
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
                throw new IllegalStateException("mvn dependency:build-classpath failed in " + root);
            }
            String classPath = Files.readString(out).trim();
            Files.deleteIfExists(out);
            return root.resolve("local-stack/target/classes") + File.pathSeparator + classPath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The folder holding local-stack/pom.xml, searched upwards from the working directory. */
    public static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local-stack/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Not inside the Eventfold project: no local-stack/pom.xml above "
                + Path.of("").toAbsolutePath());
    }
}
