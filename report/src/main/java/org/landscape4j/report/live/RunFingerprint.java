package org.landscape4j.report.live;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.landscape4j.run.RunFiles;

/**
 * The state of a run directory's files, cheap to take (two directory listings, no file opened): every regular file
 * of the run and of its results directory with its size and modification time. While it is unchanged the run's
 * data is too, so the live view re-reads the run only when it changes.
 *
 * @param files one entry per file, in name order
 */
record RunFingerprint(List<Entry> files) {

    /**
     * @param name     the file's name relative to the run directory
     * @param size     its size in bytes
     * @param modified its modification time, in nanoseconds since the epoch (as precise as the file system keeps it)
     */
    record Entry(String name, long size, long modified) {
    }

    RunFingerprint {
        files = List.copyOf(files);
    }

    /**
     * @throws NoSuchFileException if the run directory does not exist (any more)
     */
    static RunFingerprint of(Path runDirectory) throws IOException {
        List<Entry> files = new ArrayList<>();
        list(runDirectory, "", files);
        Path results = runDirectory.resolve(RunFiles.RESULTS);
        if (Files.isDirectory(results, LinkOption.NOFOLLOW_LINKS)) {
            try {
                list(results, RunFiles.RESULTS + "/", files);
            } catch (NoSuchFileException e) {
                // removed since: the run has no results now
            }
        }
        files.sort(Comparator.comparing(Entry::name));
        return new RunFingerprint(files);
    }

    private static void list(Path dir, String prefix, List<Entry> into) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (name.equals(RunFiles.LOCK)) {
                    continue;                   // never changes while a recorder holds it
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;                   // gone since the listing (a result renamed into place)
                }
                if (attributes.isRegularFile()) {
                    into.add(new Entry(prefix + name, attributes.size(),
                            attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                }
            }
        }
    }
}
