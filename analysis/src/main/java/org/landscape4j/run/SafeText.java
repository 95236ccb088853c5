package org.landscape4j.run;

/**
 * Text from files (names, settings, layer types, paths) made safe to print: a run directory is untrusted input,
 * and a control character in it must not forge output lines, move the cursor or retitle a terminal.
 */
public final class SafeText {

    /** Longest quoted excerpt of untrusted text in a message. */
    static final int MAX_QUOTED = 200;

    private SafeText() {
    }

    /**
     * @param text any text, or null
     * @return the text with every control character (C0, DEL, C1, and Unicode format characters such as
     *         bidirectional overrides) replaced by a visible escape ({@code \n}, {@code \u001b}, ...);
     *         printable characters, non-ASCII letters included, are kept
     */
    public static String escapeControls(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                }
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /**
     * @param text any text, or null
     * @return the text in double quotes, control characters and quotes escaped, cut to {@value #MAX_QUOTED}
     *         characters with "…" if longer: safe inside a one-line message
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) : text;
        String escaped = escapeControls(cut.replace("\\", "\\\\").replace("\"", "\\\""));
        return "\"" + escaped + (cut.length() < text.length() ? "…" : "") + "\"";
    }

    /**
     * @param bytes raw bytes from a file
     * @param limit how many to show at most
     * @return them as hexadecimal pairs, e.g. {@code "50 41 52 31"}, never raw
     */
    public static String hex(byte[] bytes, int limit) {
        StringBuilder out = new StringBuilder();
        int n = Math.min(bytes.length, limit);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(String.format(java.util.Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return bytes.length > n ? out.append(" …").toString() : out.toString();
    }

    private static boolean needsEscape(int c) {
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
