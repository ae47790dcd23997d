package org.oncofhir.cds.data;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a CDS call may have this service read the patient's data on the client's behalf (the security layer sets it
 * per authenticated client): only the listed FHIR servers, each an origin with an optional base path, so that the
 * EHR's access token goes nowhere else and no client can make this server fetch an address of its choosing; and
 * this server's own store only for clients configured for it.
 *
 * @param fhirServers allowed {@code fhirServer} bases, e.g. {@code https://ehr.example.org/fhir}; empty for none
 * @param anyFhirServer any http(s) server (only with security off, for local demonstrations)
 * @param localStore whether a call without {@code fhirServer} may read this server's store
 * @param httpAllowed whether plain {@code http://} servers may be used (tests and demonstrations)
 */
public record DataAccess(List<String> fhirServers, boolean anyFhirServer, boolean localStore, boolean httpAllowed) {

    /** The request attribute holding the caller's access. */
    public static final String ATTRIBUTE = DataAccess.class.getName();

    /** Security off: a local demonstration reads any server and the store. */
    public static final DataAccess OPEN = new DataAccess(List.of(), true, true, true);

    /** Security on but no authenticated client recorded: nothing. */
    public static final DataAccess NONE = new DataAccess(List.of(), false, false, false);

    public DataAccess {
        fhirServers = List.copyOf(fhirServers);
    }

    /** Whether the {@code fhirServer} of a request may be read: scheme, host, port and base path all match. */
    boolean allows(URI server) {
        if (!plainPath(server)) {
            return false;
        }
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(httpAllowed && scheme.equals("http"))
                || server.getHost() == null
                || server.getRawUserInfo() != null) {
            return false;
        }
        return anyFhirServer || fhirServers.stream().map(URI::create).anyMatch(allowed -> within(server, allowed));
    }

    /** Whether {@code url} (a paging link, say) lies under the base {@code server}: the token may be sent there. */
    static boolean within(URI url, URI server) {
        return plainPath(url)
                && url.getScheme() != null
                && url.getScheme().equalsIgnoreCase(server.getScheme())
                && url.getHost() != null
                && url.getHost().equalsIgnoreCase(server.getHost())
                && port(url) == port(server)
                && url.getRawUserInfo() == null
                && (path(url) + "/").startsWith(path(server) + "/");
    }

    /** No dot segments and no encoded dots or slashes: what the path says is where a client will go. */
    private static boolean plainPath(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        return !lower.contains("%2e")
                && !lower.contains("%2f")
                && !lower.contains("%5c")
                && path.equals(uri.normalize().getRawPath());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String path(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.replaceAll("/+$", "");
    }
}
