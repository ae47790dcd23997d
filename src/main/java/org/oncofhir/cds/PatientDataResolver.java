package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Gathers a patient's data for a CDS request: each advertised prefetch key from the request when the client sent
 * it; otherwise fetched from the request's {@code fhirServer} (Bearer token from {@code fhirAuthorization}), or
 * from this server's store when no fhirServer is named. Data that cannot be obtained is a 412.
 */
final class PatientDataResolver {

    /** FHIR id syntax: also keeps the id from altering the URLs the templates build. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirContext fhirContext;
    private final FhirDataSource localStore;

    PatientDataResolver(FhirContext fhirContext, FhirDataSource localStore) {
        this.fhirContext = fhirContext;
        this.localStore = localStore;
    }

    static String patientId(CdsServiceRequestJson request) {
        Object id = request.getContext() == null ? null : request.getContext().get("patientId");
        if (!(id instanceof String patientId) || !FHIR_ID.matcher(patientId).matches()) {
            throw CdsException.badRequest("context.patientId is required and must be a FHIR id");
        }
        return patientId;
    }

    /** @param patientId the request's context patient, already checked by {@link #patientId} */
    PatientRecord resolve(CdsServiceRequestJson request, String patientId) {
        FhirDataSource source = null;
        List<IBaseResource> resources = new ArrayList<>();
        for (Map.Entry<String, String> key : CdsService.PREFETCH.entrySet()) {
            IBaseResource given = request.getPrefetchKeys().contains(key.getKey()) ? request.getPrefetch(key.getKey()) : null;
            // A prefetch the EHR could not fill may arrive as null or as an OperationOutcome: fetch it then.
            if (given != null && !(given instanceof OperationOutcome)) {
                if (!key.getKey().equals(CdsService.PATIENT)) {
                    resources.addAll(unpack(given));
                }
                continue;
            }
            if (source == null) {
                source = source(request);
            }
            String url = key.getValue().replace("{{context.patientId}}", patientId);
            if (key.getKey().equals(CdsService.PATIENT)) {
                source.read(url);
            } else {
                resources.addAll(source.search(url));
            }
        }
        return PatientRecord.of(patientId, resources.stream().filter(r -> belongsTo(r, patientId)).toList());
    }

    private FhirDataSource source(CdsServiceRequestJson request) {
        String server = request.getFhirServer();
        if (server == null || server.isBlank()) {
            return localStore;
        }
        if (!server.startsWith("https://") && !server.startsWith("http://")) {
            throw CdsException.badRequest("fhirServer must be an http(s) URL");
        }
        CdsServiceRequestAuthorizationJson authorization = request.getServiceRequestAuthorizationJson();
        return new RemoteFhirSource(fhirContext, server, authorization == null ? null : authorization.getAccessToken());
    }

    private static List<IBaseResource> unpack(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            return bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
                    .map(e -> (IBaseResource) e.getResource()).toList();
        }
        return List.of(resource);
    }

    /** Only the context patient's resources are decided on, whatever else a prefetch Bundle carried. */
    private boolean belongsTo(IBaseResource resource, String patientId) {
        if (fhirContext.getResourceDefinition(resource).getChildByName("subject") == null) {
            return false;
        }
        String subject = fhirContext.newTerser().getSinglePrimitiveValueOrNull(resource, "subject.reference");
        return subject != null && new IdType(subject).toUnqualifiedVersionless().getValue().equals("Patient/" + patientId);
    }
}
