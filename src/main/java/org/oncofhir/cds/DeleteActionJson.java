package org.oncofhir.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A CDS Hooks 2.0.1 "delete" action, one per resource: HAPI's action model has no {@code resourceId}, "a relative
 * reference to the relevant resource" (a string) that a delete SHOULD carry.
 */
class DeleteActionJson extends CdsServiceResponseSuggestionActionJson {

    @JsonProperty("resourceId")
    private final String resourceId;

    DeleteActionJson(String description, String resourceId) {
        this.resourceId = resourceId;
        setType("delete");
        setDescription(description);
    }
}
