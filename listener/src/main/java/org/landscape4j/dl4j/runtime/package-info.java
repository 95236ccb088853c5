/**
 * The native runtime under DL4J, as far as landscape4j depends on it: {@link
 * org.landscape4j.dl4j.runtime.BlasSettings} checks before parallel workers start that BLAS runs one thread per
 * worker (OPENBLAS_NUM_THREADS=1, and ND4J_SKIP_BLAS_THREADS=1 when OpenMP runs several threads), the setting
 * DESIGN.md found safe and fastest with ND4J M2.1's two OpenBLAS copies, and warns once with the fix otherwise.
 */
package org.landscape4j.dl4j.runtime;
