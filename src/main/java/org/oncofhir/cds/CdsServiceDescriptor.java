package org.oncofhir.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A discovery entry: HAPI's service model plus CDS Hooks 2.0 {@code usageRequirements}, which it lacks. */
class CdsServiceDescriptor extends CdsServiceJson {

    @JsonProperty("usageRequirements")
    private String usageRequirements;

    static CdsServiceDescriptor of(CdsService service) {
        CdsServiceDescriptor descriptor = new CdsServiceDescriptor();
        descriptor.setId(service.id);
        descriptor.setHook(service.hook);
        descriptor.setTitle(service.title);
        descriptor.setDescription(service.description);
        CdsService.PREFETCH.forEach(descriptor::addPrefetch);
        descriptor.usageRequirements = CdsService.USAGE_REQUIREMENTS;
        return descriptor;
    }
}
