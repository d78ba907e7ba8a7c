package dev.parley.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A bench's working directory under the system's temp dir, gone when the bench ends, whatever happened. */
public final class Scratch implements AutoCloseable {

    private final Path dir;

    public Scratch(String name) throws IOException {
        this.dir = Files.createTempDirectory("parley-bench-" + name);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
