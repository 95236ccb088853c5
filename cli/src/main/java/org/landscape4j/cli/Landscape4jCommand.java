package org.landscape4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code landscape4j} command; it only dispatches to its subcommands. */
@Command(name = "landscape4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Loss-landscape and training-geometry tools for runs recorded by the LandscapeListener.",
        subcommands = {InspectCommand.class, CommandLine.HelpCommand.class})
public final class Landscape4jCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** @return the configured command line, for tests and for {@link #main} */
    public static CommandLine commandLine() {
        return new CommandLine(new Landscape4jCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
