package org.landscape4j.listener;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions a run manifest records, read from resources on the class path; "unknown" if absent. */
final class Versions {

    private Versions() {
    }

    /** @return this library's version */
    static String landscape4j() {
        return property("/org/landscape4j/listener/version.properties", "version");
    }

    /** @return the version of deeplearning4j-nn on the class path */
    static String dl4j() {
        return property("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", "version");
    }

    /** @return the running Java's version */
    static String java() {
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
