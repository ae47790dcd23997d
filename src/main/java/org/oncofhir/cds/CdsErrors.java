package org.oncofhir.cds;

import java.util.Map;
import org.oncofhir.cds.data.DataUnavailableException;
import org.oncofhir.cds.data.InvalidCdsDataException;
import org.oncofhir.cds.feedback.FeedbackAdminController;
import org.oncofhir.cds.feedback.InvalidFeedbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** CDS Hooks errors as JSON with the status the spec names (400 malformed, 404 unknown service, 412 no data). */
@RestControllerAdvice(assignableTypes = {CdsHooksController.class, FeedbackAdminController.class})
class CdsErrors {

    private static final Logger LOG = LoggerFactory.getLogger(CdsErrors.class);

    @ExceptionHandler(CdsException.class)
    ResponseEntity<Map<String, Object>> error(CdsException e) {
        return refusal(e.status, e.getMessage());
    }

    @ExceptionHandler(DataUnavailableException.class)
    ResponseEntity<Map<String, Object>> dataUnavailable(DataUnavailableException e) {
        return refusal(HttpStatus.PRECONDITION_FAILED, e.getMessage());
    }

    @ExceptionHandler({InvalidCdsDataException.class, InvalidFeedbackException.class})
    ResponseEntity<Map<String, Object>> badRequest(RuntimeException e) {
        return refusal(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> refusal(HttpStatus status, String message) {
        // The message may name a patient: kept out of INFO logs.
        LOG.info("CDS request refused with {}", status.value());
        LOG.debug("CDS request refused: {}", message);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", status.getReasonPhrase(), "status", status.value(), "message", message));
    }
}
