/** Export of 2-D slices as VTK XML PolyData for ParaView and VisIt ({@link org.landscape4j.report.vtk.VtkExport}). */
package org.landscape4j.report.vtk;
