/**
 * Benchmarks of DESIGN.md's workloads, each printed as JSON lines with the measured times and the ratio
 * against a floor measured in the same run (W3: training with the listener against training without).
 */
package org.landscape4j.bench;
