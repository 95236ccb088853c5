package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link SafeText}: untrusted text from a run directory cannot forge lines, move the cursor, retitle a terminal
 * or reorder what is shown (newlines, ANSI and OSC escape sequences, C1 controls, bidirectional overrides are
 * made visible), while printable non-ASCII text is kept as it is; quoting cuts long text and escapes quotes;
 * bytes are shown as hexadecimal, never raw.
 */
class SafeTextTest {

    @Test
    void lineBreaksAndTabsBecomeVisibleEscapes() {
        assertEquals("a\\nb\\r\\nc\\td", SafeText.escapeControls("a\nb\r\nc\td"));
        assertEquals("forged\\n2026-01-01 INFO all good", SafeText.escapeControls("forged\n2026-01-01 INFO all good"));
        assertEquals("\\u0000\\u0007\\u001f\\u007f", SafeText.escapeControls("\u0000\u0007\u001f\u007f"));
    }

    @Test
    void escapeSequencesAreDefused() {
        assertEquals("\\u001b[31mred\\u001b[0m", SafeText.escapeControls("\u001b[31mred\u001b[0m"), "ANSI colour");
        assertEquals("\\u001b]0;x\\u0007", SafeText.escapeControls("\u001b]0;x\u0007"), "OSC: set the window title");
        assertEquals("\\u009b2J", SafeText.escapeControls("\u009b2J"), "C1 CSI");
        assertEquals("\\u0085\\u0080\\u009f", SafeText.escapeControls("\u0085\u0080\u009f"), "C1 controls, NEL");
    }

    @Test
    void formatAndSeparatorCharactersAreEscaped() {
        assertEquals("file\\u202egnp.exe", SafeText.escapeControls("file\u202egnp.exe"), "right-to-left override");
        assertEquals("a\\u2066b\\u2069\\u200bc\\ufeff", SafeText.escapeControls("a\u2066b\u2069\u200bc\ufeff"),
                "isolates, zero-width space, byte order mark");
        assertEquals("x\\u2028y\\u2029z", SafeText.escapeControls("x\u2028y\u2029z"), "line and paragraph separators");
        assertEquals("lone \\ud800 surrogate", SafeText.escapeControls("lone \ud800 surrogate"));
    }

    @Test
    void printableTextIsKept() {
        for (String text : new String[] {"plain ascii ~!@#$%^&*()", "é à ü ß", "θ λ_max ≈ 2/η", "✓ ✗ →",
            "😀 🚀 (emoji, outside the BMP)", "日本語のテキスト", "עברית بالعربية", ""}) {
            assertEquals(text, SafeText.escapeControls(text), text);
        }
        assertEquals("null", SafeText.escapeControls(null));
    }

    @Test
    void quoteCutsEscapesAndKeepsOneLine() {
        assertEquals("\"plain\"", SafeText.quote("plain"));
        assertEquals("\"say \\\"hi\\\" \\\\ there\"", SafeText.quote("say \"hi\" \\ there"));
        assertEquals("\"a\\nb\\u001b[2J\"", SafeText.quote("a\nb\u001b[2J"));
        assertEquals("null", SafeText.quote(null));
        String longText = "x".repeat(500);
        String quoted = SafeText.quote(longText);
        assertEquals("\"" + "x".repeat(SafeText.MAX_QUOTED) + "…\"", quoted);
        assertEquals("\"" + "y".repeat(SafeText.MAX_QUOTED) + "\"", SafeText.quote("y".repeat(SafeText.MAX_QUOTED)),
                "exactly the limit is not cut");
        Fixtures.assertPrintable(SafeText.quote("\n".repeat(300)));
        assertEquals("\"θ über ✓\"", SafeText.quote("θ über ✓"));
    }

    @Test
    void hexShowsBytesNeverRaw() {
        assertEquals("50 41 52 31", SafeText.hex(new byte[] {'P', 'A', 'R', '1'}, 16));
        assertEquals("00 FF 1B 0A …", SafeText.hex(new byte[] {0, (byte) 0xFF, 0x1B, '\n', 7}, 4));
        assertEquals("", SafeText.hex(new byte[0], 8));
    }
}
