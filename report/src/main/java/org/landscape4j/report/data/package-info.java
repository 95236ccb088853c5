/**
 * What the figures and the report draw, read from a run directory or built by a caller: slices on their grids,
 * optimization paths in a plane, PCA results and the whole run ({@code RunData}).
 */
package org.landscape4j.report.data;
