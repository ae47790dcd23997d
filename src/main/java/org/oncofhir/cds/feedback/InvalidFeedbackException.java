package org.oncofhir.cds.feedback;

/** Feedback (or a feedback query) that cannot be stored or answered as sent (400). */
public final class InvalidFeedbackException extends RuntimeException {

    InvalidFeedbackException(String message) {
        super(message);
    }
}
