package org.oncofhir.cds;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        // The message may name a patient: kept out of INFO logs.
        LOG.info("CDS request refused with {}", e.status.value());
        LOG.debug("CDS request refused: {}", e.getMessage());
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.status.getReasonPhrase(), "status", e.status.value(), "message", e.getMessage()));
    }
}
