package org.oncofhir.terminology;

/** A terminology request this server understands but cannot answer as asked: the client's to fix (HTTP 400). */
public class TerminologyRequestException extends RuntimeException {

    public TerminologyRequestException(String message) {
        super(message);
    }
}
