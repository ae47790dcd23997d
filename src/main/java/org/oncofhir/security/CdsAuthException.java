package org.oncofhir.security;

/** A CDS request whose client could not be trusted: 401 (who are you?) or 403 (not for this service). */
public class CdsAuthException extends RuntimeException {

    private final int status;

    CdsAuthException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    static CdsAuthException unauthorized(String reason) {
        return new CdsAuthException(401, reason);
    }

    public int status() {
        return status;
    }
}
