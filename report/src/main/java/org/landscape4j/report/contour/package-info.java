/**
 * Contour lines and filled contours of 2-D slices, traced by Tinfour on the grid's triangulation and cut to the
 * grid cells whose values are finite, so that a diverged region is a gap and never a made-up value.
 */
package org.landscape4j.report.contour;
