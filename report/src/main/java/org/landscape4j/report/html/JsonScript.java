package org.landscape4j.report.html;

/**
 * JSON made safe to sit inside {@code <script type="application/json">}: the characters that could end the
 * element or be read as markup ({@code <}, {@code >}, {@code &}) and the line separators JavaScript once treated
 * as line ends (U+2028, U+2029) are written as JSON escapes ({@code \u003c}, ...), which {@code JSON.parse}
 * reads back as the same characters. They can occur only inside JSON strings, where the escapes are valid.
 */
public final class JsonScript {

    private JsonScript() {
    }

    /** @return {@code json} with {@code < > &} U+2028 U+2029 escaped */
    public static String escape(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
