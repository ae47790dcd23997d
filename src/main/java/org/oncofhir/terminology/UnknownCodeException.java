package org.oncofhir.terminology;

/** A code, code system, value set or version this server does not hold (HTTP 404). */
public class UnknownCodeException extends RuntimeException {

    public UnknownCodeException(String message) {
        super(message);
    }
}
