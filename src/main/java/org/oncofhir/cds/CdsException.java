package org.oncofhir.cds;

import org.springframework.http.HttpStatus;

/** A CDS Hooks request that cannot be answered with cards, with the HTTP status the spec names for it. */
class CdsException extends RuntimeException {

    final HttpStatus status;

    CdsException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    static CdsException badRequest(String message) {
        return new CdsException(HttpStatus.BAD_REQUEST, message);
    }
}
