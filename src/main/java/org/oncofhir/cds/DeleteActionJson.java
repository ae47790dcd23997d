package org.oncofhir.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A CDS Hooks 2.0 "delete" action: HAPI's action model has no {@code resourceId}, which delete needs. */
class DeleteActionJson extends CdsServiceResponseSuggestionActionJson {

    @JsonProperty("resourceId")
    private final List<String> resourceId;

    DeleteActionJson(String description, List<String> resourceId) {
        this.resourceId = List.copyOf(resourceId);
        setType("delete");
        setDescription(description);
    }
}
