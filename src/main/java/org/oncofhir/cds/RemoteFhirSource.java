package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * The client's FHIR server (CDS Hooks {@code fhirServer}), read with HAPI's generic client and the
 * {@code fhirAuthorization} access token as a Bearer token. Any failure to obtain data is a 412.
 */
final class RemoteFhirSource implements FhirDataSource {

    static final int MAX_PAGES = 20;

    private final IGenericClient client;
    private final String server;

    RemoteFhirSource(FhirContext fhirContext, String server, String accessToken) {
        this.server = server;
        this.client = fhirContext.newRestfulGenericClient(server);
        if (accessToken != null && !accessToken.isBlank()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
    }

    @Override
    public IBaseResource read(String relativeUrl) {
        IdType id = new IdType(relativeUrl);
        return call(relativeUrl, () -> client.read().resource(id.getResourceType()).withId(id.getIdPart()).execute());
    }

    @Override
    public List<IBaseResource> search(String relativeUrl) {
        return call(relativeUrl, () -> {
            List<IBaseResource> resources = new ArrayList<>();
            Bundle page = client.search().byUrl(relativeUrl).returnBundle(Bundle.class).execute();
            for (int pages = 1; page != null; pages++) {
                page.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
                        .forEach(e -> resources.add(e.getResource()));
                if (page.getLink(Bundle.LINK_NEXT) == null || pages >= MAX_PAGES) {
                    break;
                }
                page = client.loadPage().next(page).execute();
            }
            return resources;
        });
    }

    private <T> T call(String relativeUrl, Supplier<T> request) {
        try {
            return request.get();
        } catch (FhirClientConnectionException e) {
            throw CdsException.dataUnavailable("fhirServer " + server + " could not be reached for " + relativeUrl, e);
        } catch (BaseServerResponseException e) {
            throw CdsException.dataUnavailable("fhirServer " + server + " answered HTTP " + e.getStatusCode()
                    + " to " + relativeUrl + (e.getStatusCode() == 401 || e.getStatusCode() == 403
                            ? " (the fhirAuthorization access token was refused)" : ""), e);
        }
    }
}
