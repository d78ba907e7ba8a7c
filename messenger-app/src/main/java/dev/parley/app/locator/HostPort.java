package dev.parley.app.locator;

/** A {@code host:port} as users type it. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /** Parses {@code host:port}, or {@code host} alone with {@code defaultPort}. */
    public static HostPort parse(String s, int defaultPort) {
        String t = s == null ? "" : s.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(t, defaultPort);
        }
        try {
            return new HostPort(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not host:port", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
