/**
 * The PCA-plane landscape of a recorded run (Li et al., "Visualizing the loss landscape of neural nets", NeurIPS
 * 2018, Fig. 9): the plane of the trajectory's top two principal directions through the final snapshot, the path
 * of every snapshot projected on it, and the grid that holds the path. Shared by the {@code trajectory} command
 * and the listener's {@code pcaPlaneAtEnd}.
 */
package org.landscape4j.dl4j.trajectory;
