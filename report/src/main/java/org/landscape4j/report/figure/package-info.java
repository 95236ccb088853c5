/**
 * Static figures (PNG and SVG, headless) drawn with JFreeChart and JFreeSVG: {@link
 * org.landscape4j.report.figure.Figures} makes them, {@link org.landscape4j.report.figure.Figure} writes them,
 * {@link org.landscape4j.report.figure.FigureOptions} says how. Colours are viridis; a value that is not finite is
 * always a gap, never drawn as a number.
 */
package org.landscape4j.report.figure;
