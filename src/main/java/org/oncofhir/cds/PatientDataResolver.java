package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import java.net.URI;
import java.net.URISyntaxException;
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
 * from this server's store when no fhirServer is named, each only as far as the client's {@link DataAccess}
 * allows. Data that cannot be obtained is a 412.
 */
final class PatientDataResolver {

    /** FHIR id syntax: also keeps the id from altering the URLs the templates build. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirContext fhirContext;
    private final FhirDataSource localStore;
    private final IRestfulClientFactory clients;

    /** @param clients makes the clients for the CDS clients' FHIR servers (see {@link RemoteFhirSource#clientFactory}) */
    PatientDataResolver(FhirContext fhirContext, FhirDataSource localStore, IRestfulClientFactory clients) {
        this.fhirContext = fhirContext;
        this.localStore = localStore;
        this.clients = clients;
    }

    static String patientId(CdsServiceRequestJson request) {
        Object id = request.getContext() == null ? null : request.getContext().get("patientId");
        if (!(id instanceof String patientId) || !FHIR_ID.matcher(patientId).matches()) {
            throw CdsException.badRequest("context.patientId is required and must be a FHIR id");
        }
        return patientId;
    }

    /**
     * @param patientId the request's context patient, already checked by {@link #patientId}
     * @param access where the calling client lets this service read data for it
     */
    PatientRecord resolve(CdsServiceRequestJson request, String patientId, DataAccess access) {
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
                source = source(request, access);
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

    private FhirDataSource source(CdsServiceRequestJson request, DataAccess access) {
        String server = request.getFhirServer();
        if (server == null || server.isBlank()) {
            if (!access.localStore()) {
                throw CdsException.dataUnavailable("The request names no fhirServer and carries no complete prefetch, "
                        + "and this CDS client is not configured to have this server's own store read for it", null);
            }
            return localStore;
        }
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw CdsException.badRequest("fhirServer must be an http(s) URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw CdsException.badRequest("fhirServer must be an http(s) URL");
        }
        if (!access.allows(uri)) {
            throw CdsException.dataUnavailable("fhirServer " + server + " is not one this CDS client is configured to "
                    + "use" + (access.httpAllowed() ? "" : " (https required)"), null);
        }
        CdsServiceRequestAuthorizationJson authorization = request.getServiceRequestAuthorizationJson();
        return new RemoteFhirSource(clients, uri, authorization == null ? null : authorization.getAccessToken());
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
