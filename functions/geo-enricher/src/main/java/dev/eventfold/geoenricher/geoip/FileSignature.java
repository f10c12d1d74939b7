package dev.eventfold.geoenricher.geoip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/** What tells that a database file was replaced: modification time, size and file key (inode). */
record FileSignature(FileTime lastModified, long size, Object fileKey) {

    /** The file's signature, or empty when it does not exist (yet, or during a replace). */
    static Optional<FileSignature> of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(new FileSignature(attributes.lastModifiedTime(), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), "")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
