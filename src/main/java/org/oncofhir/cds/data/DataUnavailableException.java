package org.oncofhir.cds.data;

/** The patient's data could not be obtained, neither by prefetch nor by fetching it (CDS Hooks: 412). */
public final class DataUnavailableException extends RuntimeException {

    DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
