package org.landscape4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape4j.trajectory.PhateSettings;

/** {@code embed}'s method names and {@code --diffusion-time} values (the whole command: TrajectoryCliIT). */
class EmbedOptionsTest {

    @Test
    void methodNames() {
        assertEquals(EmbedCommand.Method.MDS, EmbedCommand.Method.parse("mds"));
        assertEquals(EmbedCommand.Method.MDS, EmbedCommand.Method.parse("Classical-MDS"));
        assertEquals(EmbedCommand.Method.ISOMAP, EmbedCommand.Method.parse(" isomap "));
        assertEquals(EmbedCommand.Method.PHATE, EmbedCommand.Method.parse("PHATE"));
        String message = assertThrows(IllegalArgumentException.class, () -> EmbedCommand.Method.parse("tsne"))
                .getMessage();
        assertTrue(message.contains("\"tsne\"") && message.contains("phate"), message);
    }

    @Test
    void diffusionTimes() {
        assertEquals(PhateSettings.AUTOMATIC, EmbedCommand.diffusionTime(null));
        assertEquals(PhateSettings.AUTOMATIC, EmbedCommand.diffusionTime("Auto"));
        assertEquals(1, EmbedCommand.diffusionTime("1"));
        assertEquals(40, EmbedCommand.diffusionTime(" 40 "));
        for (String bad : new String[] {"0", "-3", "2.5", "soon", ""}) {
            String message = assertThrows(IllegalArgumentException.class, () -> EmbedCommand.diffusionTime(bad))
                    .getMessage();
            assertTrue(message.startsWith("--diffusion-time \"" + bad + "\""), message);
        }
    }
}
