package org.landscape4j.cli;

import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.landscape4j.report.live.LiveServer;
import org.landscape4j.report.live.LiveSettings;
import org.landscape4j.report.live.PortInUseException;
import org.landscape4j.run.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j serve RUN_DIR [--port 8080] [--host 127.0.0.1]}: the run's report on a local web server,
 * kept current while the run grows, until Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a run's report in the browser and keeps it current while training runs: every few"
                + " seconds the page asks for the run's data and draws new points, slices and PCAs in place, without"
                + " a reload (its streams may end mid-write; what is complete is shown). Listens on 127.0.0.1"
                + " unless --host says otherwise, serves nothing but the page and its data, never writes the run."},
        footer = {"", "Examples:",
            "  landscape4j serve runs/modular-addition                   # http://127.0.0.1:8080/",
            "  landscape4j serve runs/my-run --port 0                    # any free port; the URL is printed",
            "  ssh -L 8080:127.0.0.1:8080 trainer    # on your machine, to watch a run on a remote box",
            "  landscape4j serve runs/my-run --host 0.0.0.0 --port 9000  # open to the network: no authentication!",
            "", "Stop it with Ctrl-C.",
            "Exit codes: 0 stopped (Ctrl-C), 1 not a run directory or the port is in use, 2 usage error,"
                + " 3 internal error."})
final class ServeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory (being recorded or not).")
    Path runDirectory;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + LiveSettings.DEFAULT_PORT,
            description = "The TCP port (default: ${DEFAULT-VALUE}); 0 picks a free one.")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = LiveSettings.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 listens"
                    + " on every interface.")
    String host;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "3",
            description = "How often the page asks for new data (default: ${DEFAULT-VALUE} s).")
    double refreshSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("serve", spec.commandLine().getErr(), this::serve);
    }

    private int serve() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a TCP port: give 1 to 65535,"
                    + " or 0 for any free port");
        }
        if (!(refreshSeconds >= 0.2 && refreshSeconds <= 3600)) {
            throw new ParameterException(spec.commandLine(), "--refresh " + refreshSeconds + " is out of range: give"
                    + " 0.2 to 3600 seconds");
        }
        LiveSettings settings = new LiveSettings(runDirectory, host, port,
                Duration.ofMillis(Math.round(refreshSeconds * 1000)));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiveServer server;
        try {
            server = LiveServer.start(settings);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--host " + SafeText.quote(host) + " is not a known"
                    + " host name or address: give an address of this machine, such as 127.0.0.1 or 0.0.0.0");
        } catch (PortInUseException e) {
            err.println("landscape4j serve: " + e.getMessage() + ": stop what listens there, or choose another port"
                    + " with --port (--port 0 picks a free one)");
            err.flush();
            return CommandErrors.INPUT;
        }
        try (server; CtrlC ctrlC = CtrlC.install(server::close)) {
            out.println("Serving " + SafeText.escapeControls(runDirectory.toString()) + " at " + server.uri()
                    + " - Ctrl-C to stop");
            out.flush();
            ctrlC.await();
        }
        out.println("Stopped serving " + SafeText.escapeControls(runDirectory.toString()) + ".");
        out.flush();
        return 0;
    }
}
