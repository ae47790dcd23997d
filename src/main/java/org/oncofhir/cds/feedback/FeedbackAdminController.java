package org.oncofhir.cds.feedback;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administrator read-back of stored CDS Hooks feedback, newest first. */
@ConditionalOnProperty(name = "oncofhir.cds.enabled", havingValue = "true", matchIfMissing = true)
@RestController
public class FeedbackAdminController {

    static final int MAX_LIMIT = 1000;

    private final FeedbackStore store;

    FeedbackAdminController(FeedbackStore store) {
        this.store = store;
    }

    @GetMapping(path = "/admin/cds-feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    List<FeedbackStore.Entry> feedback(
            @RequestParam(name = "service", required = false) String service,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFeedbackException("limit must be between 1 and " + MAX_LIMIT);
        }
        return store.find(service, limit);
    }
}
