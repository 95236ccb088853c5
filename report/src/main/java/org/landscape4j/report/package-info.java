/**
 * Pictures of recorded runs: static figures (PNG and SVG, JFreeChart + JFreeSVG, contours by Tinfour) in
 * {@code figure} and {@code contour}, the self-contained offline HTML report (plotly.js inlined from its WebJar by
 * {@link org.landscape4j.report.PlotlyAsset}) in {@code html}, VTK export in {@code vtk}, and what they draw, read
 * from run directories, in {@code data}. Depends on {@code analysis} only, and lives in its own module so that a
 * training application that adds the listener pulls in no chart library.
 */
package org.landscape4j.report;
