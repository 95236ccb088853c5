package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.report.vtk.VtkExport;
import org.landscape4j.run.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code landscape4j export-vtk SLICE --out x.vtp}: a 2-D slice as VTK XML PolyData for ParaView or VisIt. */
@Command(name = "export-vtk", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a 2-D slice as VTK XML PolyData (.vtp): points (alpha, beta, loss) joined by quads, the"
                + " loss also as point data; points without a finite loss are left out with their quads.",
        footer = {"", "Examples:",
            "  landscape4j export-vtk runs/modular-addition/results/surface-it500.arrows --out plane.vtp",
            "  paraview plane.vtp",
            "", "Exit codes: 0 written, 1 unreadable or 1-D slice, 2 usage error, 3 internal error."})
final class ExportVtkCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SLICE", description = "A 2-D slice result (.arrows).")
    Path slice;

    @Option(names = "--out", paramLabel = "FILE", description = "The .vtp file (default: SLICE with .vtp).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("export-vtk", spec.commandLine().getErr(), () -> {
            Path target = out != null ? out : slice.resolveSibling(slice.getFileName().toString()
                    .replaceFirst("\\.arrows$", "") + ".vtp");
            VtkExport.Counts counts = VtkExport.write(SliceData.read(slice), target);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(SafeText.escapeControls(target.toString()) + ": " + counts.points() + " points, "
                    + counts.quads() + " quads");
            stdout.flush();
            return 0;
        });
    }
}
