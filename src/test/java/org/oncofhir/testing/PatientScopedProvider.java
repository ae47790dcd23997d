package org.oncofhir.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A minimal FHIR resource provider for the "EHR" FHIR server the CDS tests start: read by id, and search by
 * patient (optionally by code) over resources held in memory, as the CDS prefetch queries ask.
 */
public class PatientScopedProvider implements IResourceProvider {

    private static final FhirTerser TERSER = FhirContext.forR4Cached().newTerser();

    private final Class<? extends Resource> type;
    private final List<Resource> resources = new ArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public PatientScopedProvider(Class<? extends Resource> type) {
        this.type = type;
    }

    public void add(Resource resource) {
        resources.add(resource);
    }

    /** Searches for this patient get 403, as from an EHR that does not let the app read this type. */
    public void refuse(String patientId) {
        refused.add(patientId);
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read
    public Resource read(@IdParam IdType id) {
        return resources.stream()
                .filter(r -> r.getIdElement().getIdPart().equals(id.getIdPart()))
                .findFirst()
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<Resource> search(
            @RequiredParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "code") TokenOrListParam codes) {
        if (refused.contains(patient.getIdPart())) {
            throw new ForbiddenOperationException("Not within the scopes granted to this app");
        }
        return resources.stream()
                .filter(r -> ("Patient/" + patient.getIdPart())
                        .equals(TERSER.getSinglePrimitiveValueOrNull(r, "subject.reference")))
                .filter(r -> codes == null
                        || codes.getValuesAsQueryTokens().stream()
                                .anyMatch(token -> TERSER.getValues(r, "code.coding.code", PrimitiveType.class).stream()
                                        .anyMatch(code -> token.getValue().equals(code.getValueAsString()))))
                .toList();
    }
}
