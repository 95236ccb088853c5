package org.landscape4j.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions a run manifest and result provenance record, read from resources on the class path; "unknown" if absent. */
public final class Versions {

    private Versions() {
    }

    /** @return this library's version */
    public static String landscape4j() {
        return property("/org/landscape4j/run/version.properties", "version");
    }

    /** @return the version of deeplearning4j-nn on the class path */
    public static String dl4j() {
        return property("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", "version");
    }

    /** @return the running Java's version */
    public static String java() {
        return System.getProperty("java.version", "unknown") + " (" + System.getProperty("java.vendor", "?") + ")";
    }

    private static String property(String resource, String key) {
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
