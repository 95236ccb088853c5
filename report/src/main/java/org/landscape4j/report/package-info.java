/**
 * Pictures of recorded runs: static figures (PNG and SVG, JFreeChart + JFreeSVG, contours by Tinfour), the
 * self-contained offline HTML report (plotly.js inlined from its WebJar) and the live view served while training
 * runs. Depends on {@code analysis} only, and lives in its own module so that a training application that adds
 * the listener pulls in no chart library.
 *
 * <p>Now: the offline asset the report inlines ({@link org.landscape4j.report.PlotlyAsset}). The figures, the
 * report and the live view follow (see the project's issues).
 */
package org.landscape4j.report;
