/**
 * The {@code landscape4j} command: one picocli subcommand per task on a recorded run directory
 * (inspect, surface, interpolate, report, plot, export-vtk).
 */
package org.landscape4j.cli;
