package org.landscape4j.run;

import java.nio.file.Path;

/**
 * A child JVM of {@link MemoryLimitTest}: reads every snapshot of {@code args[0]} (as a complete run's reader
 * does), into fresh arrays ({@code args[1]} = "iterate") or into one array allocated first ("readInto"), prints
 * one line saying how it ended and exits with 0 (read), 3 ({@link NotEnoughMemoryException}),
 * 4 ({@link RunFormatException}), 5 (an {@link OutOfMemoryError} escaped) or 6 (anything else).
 */
public final class ReadSnapshotsMain {

    private ReadSnapshotsMain() {
    }

    public static void main(String[] args) {
        int code;
        String line;
        try (SnapshotReader reader = SnapshotReader.open(Path.of(args[0]), null, true)) {
            if ("readInto".equals(args[1])) {
                float[] theta = new float[reader.parameterCount()];
                VectorTableReader table = VectorTableReader.open(Path.of(args[0]), Snapshot.TABLE, null, true);
                try (table) {
                    for (int k = 0; k < table.rowCount(); k++) {
                        table.readInto(k, theta);
                    }
                }
            } else {
                for (int k = 0; k < reader.count(); k++) {
                    reader.read(k);
                }
            }
            line = "read " + reader.count();
            code = 0;
        } catch (NotEnoughMemoryException e) {
            line = "memory " + e.getMessage();
            code = 3;
        } catch (RunFormatException e) {
            line = "format " + e.getMessage();
            code = 4;
        } catch (OutOfMemoryError e) {
            line = "oome " + e;
            code = 5;
        } catch (Throwable e) {
            line = "other " + e;
            code = 6;
        }
        System.out.println(SafeText.escapeControls(line));
        System.out.flush();
        System.exit(code);
    }
}
