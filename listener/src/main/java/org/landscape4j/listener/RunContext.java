package org.landscape4j.listener;

import java.nio.file.Path;
import org.landscape4j.run.RunManifest;

/**
 * What a recorder's writer-side code needs to create its files: where, and the run's manifest (run id, P,
 * layout).
 *
 * @param directory the run directory
 * @param manifest  the manifest as written at start
 */
record RunContext(Path directory, RunManifest manifest) {

    /** @return the path of one of the run's files */
    Path file(String name) {
        return directory.resolve(name);
    }
}
