/**
 * The live view ({@code landscape4j serve}): {@link org.landscape4j.report.live.LiveServer} serves a run's report
 * from the JDK's own HTTP server and answers the page's polls with the run's current data, re-read from its growing
 * streams only when the run's files changed. It serves nothing but what it generates (the page and its data):
 * no file of the run or anywhere else, no directory listing, only GET and HEAD; it listens on the loopback
 * address unless told otherwise.
 */
package org.landscape4j.report.live;
