package org.landscape4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import org.landscape4j.run.NotEnoughMemoryException;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.SafeText;
import org.landscape4j.slice.SliceEvaluationException;

/**
 * How the commands end when their input is at fault: one line on standard error naming the problem and what to
 * do, and an exit code: {@value #INPUT} for bad or unreadable input (a file, a value that does not fit, a failed
 * evaluation), {@value #CANCELLED} when interrupted (a partial result stays, and running the same command
 * resumes it). Usage errors are picocli's (exit code 2); anything else is a bug (exit code 3, see
 * {@link Landscape4jCommand}).
 */
final class CommandErrors {

    static final int INPUT = 1;
    static final int CANCELLED = 4;

    private CommandErrors() {
    }

    /** The body of a command, which may fail on its input. */
    interface Body {
        int run() throws Exception;
    }

    /** Runs a command's body, turning failures due to the input into one line and an exit code. */
    static int run(String command, PrintWriter err, Body body) throws Exception {
        try {
            return body.run();
        } catch (IllegalArgumentException | RunFormatException | NotEnoughMemoryException
                 | SliceEvaluationException e) {
            return fail(command, err, e.getMessage(), INPUT);
        } catch (CancellationException e) {
            return fail(command, err, "cancelled" + (e.getMessage() == null ? "" : ": " + e.getMessage()), CANCELLED);
        } catch (java.nio.file.NoSuchFileException e) {
            return fail(command, err, e.getFile() + " does not exist" + (e.getReason() == null ? ""
                    : " (" + e.getReason() + ")"), INPUT);
        } catch (java.nio.file.AccessDeniedException e) {
            return fail(command, err, e.getFile() + ": permission denied", INPUT);
        } catch (java.nio.file.FileSystemException e) {
            return fail(command, err, e.getFile() + ": " + (e.getReason() == null ? e.getClass().getSimpleName()
                    : e.getReason()), INPUT);
        } catch (IOException e) {
            return fail(command, err, e.getMessage(), INPUT);
        }
    }

    private static int fail(String command, PrintWriter err, String message, int code) {
        String text = message == null ? "failed" : message;
        int newline = text.indexOf('\n');
        err.println("landscape4j " + command + ": " + SafeText.escapeControls(newline < 0 ? text
                : text.substring(0, newline)));
        err.flush();
        return code;
    }
}
