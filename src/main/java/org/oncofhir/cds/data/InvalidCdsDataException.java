package org.oncofhir.cds.data;

/**
 * What a request says about its data that cannot be used (400): a fhirServer that is not an http(s) URL, a prefetch
 * key holding another type than its template asks for.
 */
public final class InvalidCdsDataException extends IllegalArgumentException {

    InvalidCdsDataException(String message) {
        super(message);
    }
}
