package org.landscape4j.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (Implementation-Version), or "development" outside a jar. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Landscape4jCommand.class.getPackage().getImplementationVersion();
        return new String[] {"landscape4j " + (version == null ? "development" : version),
                "Java " + System.getProperty("java.version")};
    }
}
