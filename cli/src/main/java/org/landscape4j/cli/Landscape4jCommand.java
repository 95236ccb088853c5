package org.landscape4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code landscape4j} command; it only dispatches to its subcommands. */
@Command(name = "landscape4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Loss-landscape and training-geometry tools for runs recorded by the LandscapeListener.",
        subcommands = {InspectCommand.class, SurfaceCommand.class, InterpolateCommand.class, PcaCommand.class,
            TrajectoryCommand.class, EmbedCommand.class, CurvatureCommand.class, ReportCommand.class,
            PlotCommand.class, ExportVtkCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Landscape4jCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** @return the configured command line, for tests and for {@link #main} */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Landscape4jCommand());
        commandLine.setExecutionExceptionHandler(Landscape4jCommand::internalError);
        return commandLine;
    }

    /** Exit code of a failure that is a bug of landscape4j, not a problem of the input. */
    static final int INTERNAL_ERROR = 3;

    /**
     * An exception no command turned into a message is a bug: one line that says so (the stack trace with
     * {@code LANDSCAPE4J_DEBUG=1}), exit code {@value #INTERNAL_ERROR}.
     */
    private static int internalError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        java.io.PrintWriter err = commandLine.getErr();
        err.println("landscape4j " + commandLine.getCommandName() + ": internal error: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + org.landscape4j.run.SafeText.escapeControls(
                e.getMessage().lines().findFirst().orElse(""))) + " (a bug: please report it with the input;"
                + " LANDSCAPE4J_DEBUG=1 prints the stack trace)");
        if (System.getenv("LANDSCAPE4J_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
