package org.landscape4j.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.landscape4j.cli.Landscape4jCommand;

/**
 * One run of the {@code landscape4j} command in this JVM, as a user's shell would see it: the exit code and what it
 * printed on standard output and standard error.
 *
 * @param exitCode the command's exit code
 * @param out      its standard output
 * @param err      its standard error
 */
record CliOutput(int exitCode, String out, String err) {

    /** @return the output of {@code landscape4j args...}, run in this JVM */
    static CliOutput run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Landscape4jCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new CliOutput(code, out.toString(), err.toString());
    }
}
