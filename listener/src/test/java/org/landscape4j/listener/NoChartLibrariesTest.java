package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A training application that adds the listener pulls in no chart or report library: the listener's test class
 * path is its own runtime class path plus JUnit, so none of the report module's libraries may be on it.
 */
class NoChartLibrariesTest {

    @Test
    void reportLibrariesAreNotOnTheListenersClassPath() {
        for (String name : new String[] {"org.jfree.chart.JFreeChart", "org.jfree.svg.SVGGraphics2D",
            "org.tinfour.common.IIncrementalTin", "org.landscape4j.report.PlotlyAsset"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
        org.junit.jupiter.api.Assertions.assertNull(getClass().getResource(
                "/META-INF/resources/webjars/plotly.js-dist/3.3.1/plotly.js"), "no plotly WebJar either");
    }
}
