package org.oncofhir.cds.data;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.oncofhir.facts.PatientRecord;

/**
 * Gathers a patient's data for a CDS request: each advertised prefetch key from the request when the client sent
 * it; otherwise fetched from the request's {@code fhirServer} (Bearer token from {@code fhirAuthorization}), or
 * from this server's store when no fhirServer is named, each only as far as the client's {@link DataAccess}
 * allows. Data that cannot be obtained is a 412.
 */
public final class PatientDataResolver {

    /** The prefetch key of the context patient (read, not searched). */
    public static final String PATIENT = "patient";

    private final FhirContext fhirContext;
    private final FhirDataSource localStore;
    private final IRestfulClientFactory clients;
    private final Map<String, String> templates;
    private final Set<String> supplementary;

    /**
     * @param clients makes the clients for the CDS clients' FHIR servers (see {@link RemoteFhirSource#clientFactory})
     * @param templates the prefetch templates the services advertise, by key: what is fetched when a key is missing
     * @param supplementary keys whose data a FHIR server may refuse (403) or not offer (404) without failing the
     *     call: the record notes them as unavailable instead
     */
    PatientDataResolver(
            FhirContext fhirContext,
            FhirDataSource localStore,
            IRestfulClientFactory clients,
            Map<String, String> templates,
            Set<String> supplementary) {
        this.fhirContext = fhirContext;
        this.localStore = localStore;
        this.clients = clients;
        // In the order given: the Patient read first, so a missing patient is known before any search is sent.
        this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        this.supplementary = Set.copyOf(supplementary);
    }

    /** A resolver over this server's store (HAPI's DAOs) and the CDS clients' FHIR servers. */
    public static PatientDataResolver create(
            FhirContext fhirContext,
            DaoRegistry daoRegistry,
            MatchUrlService matchUrlService,
            Map<String, String> templates,
            Set<String> supplementary) {
        return new PatientDataResolver(
                fhirContext,
                new LocalStoreSource(fhirContext, daoRegistry, matchUrlService),
                RemoteFhirSource.clientFactory(),
                templates,
                supplementary);
    }

    /**
     * @param patientId the request's context patient, already checked by the request reader
     * @param access where the calling client lets this service read data for it
     */
    public PatientRecord resolve(CdsServiceRequestJson request, String patientId, DataAccess access) {
        FhirDataSource source = null;
        List<IBaseResource> resources = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        IBaseResource patient = null;
        for (Map.Entry<String, String> key : templates.entrySet()) {
            boolean sent = request.getPrefetchKeys().contains(key.getKey());
            IBaseResource given = sent ? request.getPrefetch(key.getKey()) : null;
            if (sent && given == null && hasFhirServer(request)) {
                // CDS Hooks 2.0.1: null is the client's "no data for this key"; its FHIR server would say the same.
                continue;
            }
            // An OperationOutcome is the client's error filling the key: fetch it instead.
            if (given != null && !(given instanceof OperationOutcome)) {
                checkType(key.getKey(), key.getValue(), given);
                if (key.getKey().equals(PATIENT)) {
                    patient = given;
                } else {
                    resources.addAll(unpack(given));
                    if (given instanceof Bundle page && page.getLink(Bundle.LINK_NEXT) != null) {
                        // A paged prefetch is read to its end through fhirServer, never decided on from page one.
                        source = source == null ? source(request, access) : source;
                        resources.addAll(source.pagesAfter(page));
                    }
                }
                continue;
            }
            if (source == null) {
                source = source(request, access);
            }
            String url = key.getValue().replace("{{context.patientId}}", patientId);
            if (key.getKey().equals(PATIENT)) {
                patient = source.read(url);
            } else {
                try {
                    resources.addAll(source.search(url));
                } catch (DataUnavailableException e) {
                    Integer refused = refusal(e);
                    if (!supplementary.contains(key.getKey()) || refused == null) {
                        throw e;
                    }
                    unavailable.add(url.substring(0, url.indexOf('?')) + " records could not be read from the "
                            + "FHIR server (HTTP " + refused + "), so the decision was made without them.");
                }
            }
        }
        List<IBaseResource> record = new ArrayList<>();
        if (patient != null) {
            record.add(patient);
        }
        resources.stream().filter(r -> belongsTo(r, patientId)).forEach(record::add);
        return PatientRecord.of(patientId, record).withUnavailable(unavailable);
    }

    /** The status with which a FHIR server refused (403) or did not offer (404) a search; null for other failures. */
    private static Integer refusal(DataUnavailableException e) {
        return e.getCause() instanceof BaseServerResponseException response
                        && (response.getStatusCode() == 403 || response.getStatusCode() == 404)
                ? response.getStatusCode()
                : null;
    }

    private static boolean hasFhirServer(CdsServiceRequestJson request) {
        return request.getFhirServer() != null && !request.getFhirServer().isBlank();
    }

    /**
     * A prefetch key must hold what its template asks for: the Patient for a read, a Bundle of the searched type
     * (and OperationOutcomes) for a search. Anything else would read as "no data" and is refused naming the key.
     */
    private void checkType(String key, String template, IBaseResource given) {
        boolean search = template.contains("?");
        String type = template.substring(0, search ? template.indexOf('?') : template.indexOf('/'));
        boolean fits = search
                ? given instanceof Bundle bundle
                        && bundle.getEntry().stream()
                                .filter(Bundle.BundleEntryComponent::hasResource)
                                .map(e -> e.getResource().fhirType())
                                .allMatch(t -> t.equals(type) || t.equals("OperationOutcome"))
                : fhirContext.getResourceType(given).equals(type);
        if (!fits) {
            throw new InvalidCdsDataException("prefetch." + key + " must be "
                    + (search ? "a Bundle of " + type + " resources" : "a " + type) + " (template " + template
                    + "), not " + describe(given));
        }
    }

    private String describe(IBaseResource given) {
        if (given instanceof Bundle bundle) {
            return "a Bundle holding "
                    + bundle.getEntry().stream()
                            .filter(Bundle.BundleEntryComponent::hasResource)
                            .map(e -> e.getResource().fhirType())
                            .distinct()
                            .sorted()
                            .collect(Collectors.joining(", "));
        }
        return "a " + fhirContext.getResourceType(given);
    }

    private FhirDataSource source(CdsServiceRequestJson request, DataAccess access) {
        String server = request.getFhirServer();
        if (!hasFhirServer(request)) {
            if (!access.localStore()) {
                throw new DataUnavailableException(
                        "The request names no fhirServer and carries no complete prefetch, "
                                + "and this CDS client is not configured to have this server's own store read for it",
                        null);
            }
            return localStore;
        }
        URI uri = httpUrl(server);
        if (!access.allows(uri)) {
            throw new DataUnavailableException(
                    "fhirServer " + server + " is not one this CDS client is configured to " + "use"
                            + (access.httpAllowed() ? "" : " (https required)"),
                    null);
        }
        CdsServiceRequestAuthorizationJson authorization = request.getServiceRequestAuthorizationJson();
        return new RemoteFhirSource(clients, uri, authorization == null ? null : authorization.getAccessToken());
    }

    private static URI httpUrl(String server) {
        try {
            URI uri = new URI(server);
            if ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below, as any other string that is not an http(s) URL
        }
        throw new InvalidCdsDataException("fhirServer must be an http(s) URL");
    }

    private static List<IBaseResource> unpack(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            return bundle.getEntry().stream()
                    .filter(Bundle.BundleEntryComponent::hasResource)
                    .map(e -> (IBaseResource) e.getResource())
                    .toList();
        }
        return List.of(resource);
    }

    /** Only the context patient's resources are decided on, whatever else a prefetch Bundle carried. */
    private boolean belongsTo(IBaseResource resource, String patientId) {
        if (fhirContext.getResourceDefinition(resource).getChildByName("subject") == null) {
            return false;
        }
        String subject = fhirContext.newTerser().getSinglePrimitiveValueOrNull(resource, "subject.reference");
        return subject != null
                && new IdType(subject).toUnqualifiedVersionless().getValue().equals("Patient/" + patientId);
    }
}
