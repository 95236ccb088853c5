package org.landscape4j.report.live;

import java.net.BindException;

/** The live view's port is taken by another process (or another server of this one). */
public final class PortInUseException extends BindException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    PortInUseException(String host, int port) {
        super("port " + port + " on " + host + " is already in use (another landscape4j serve, or another"
                + " server?)");
        this.host = host;
        this.port = port;
    }

    /** @return the address the server tried to listen on */
    public String host() {
        return host;
    }

    /** @return the port that is in use */
    public int port() {
        return port;
    }
}
