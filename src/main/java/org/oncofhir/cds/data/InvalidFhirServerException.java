package org.oncofhir.cds.data;

/** A request's {@code fhirServer} that is not an http(s) URL (400). */
public final class InvalidFhirServerException extends IllegalArgumentException {

    InvalidFhirServerException(String message) {
        super(message);
    }
}
