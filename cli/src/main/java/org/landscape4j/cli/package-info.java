/**
 * The {@code landscape4j} command: one picocli subcommand per task on a recorded run directory
 * ({@code inspect} now; surfaces, Hessians, PCA and the report in later versions).
 */
package org.landscape4j.cli;
