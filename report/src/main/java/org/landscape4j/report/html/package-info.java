/**
 * The self-contained offline HTML report of a run ({@link org.landscape4j.report.html.HtmlReport}): run data as
 * escaped JSON, a fixed script that draws it with plotly.js (inlined) and builds the page with
 * {@code textContent}, and a Content-Security-Policy that allows no network and no other script.
 */
package org.landscape4j.report.html;
