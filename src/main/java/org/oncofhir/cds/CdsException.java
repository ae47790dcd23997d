package org.oncofhir.cds;

import org.springframework.http.HttpStatus;

/** A CDS Hooks request that cannot be answered with cards, with the HTTP status the spec names for it. */
class CdsException extends RuntimeException {

    final HttpStatus status;

    CdsException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    CdsException(HttpStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    static CdsException badRequest(String message) {
        return new CdsException(HttpStatus.BAD_REQUEST, message);
    }

    /** CDS Hooks 2.0: the service could not obtain the data it needs (prefetch missing and FHIR access failed). */
    static CdsException dataUnavailable(String message, Throwable cause) {
        return new CdsException(HttpStatus.PRECONDITION_FAILED, message, cause);
    }
}
