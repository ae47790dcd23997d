package org.oncofhir.cds.data;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's FHIR server (CDS Hooks {@code fhirServer}), read with HAPI's generic client and the
 * {@code fhirAuthorization} access token as a Bearer token. The token goes to that server only: redirects are not
 * followed and paging links elsewhere are refused. Any failure is one 412 whose message does not tell what failed
 * (an unreachable port from a refusal, say); the reason goes to the log.
 */
public final class RemoteFhirSource implements FhirDataSource {

    static final int MAX_PAGES = 20;
    public static final String UNAVAILABLE = "The patient's data could not be obtained from fhirServer";

    private static final Logger LOG = LoggerFactory.getLogger(RemoteFhirSource.class);

    private final IGenericClient client;
    private final URI server;

    RemoteFhirSource(IRestfulClientFactory clients, URI server, String accessToken) {
        this.server = server;
        this.client = clients.newGenericClient(server.toString());
        if (accessToken != null && !accessToken.isBlank()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
    }

    /**
     * One client factory for every CDS call: pooled connections, bounded waits, redirects never followed. It gets a
     * FHIR context of its own because HAPI's client builds each request with its context's factory, whatever
     * factory made the client.
     */
    public static IRestfulClientFactory clientFactory() {
        FhirContext fhirContext = FhirContext.forR4();
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhirContext);
        fhirContext.setRestfulClientFactory(factory);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(HttpClients.custom()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setMaxConnPerRoute(20)
                .setMaxConnTotal(100)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(5_000)
                        .setSocketTimeout(20_000)
                        .setConnectionRequestTimeout(5_000)
                        .build())
                .build());
        return factory;
    }

    @Override
    public IBaseResource read(String relativeUrl) {
        IdType id = new IdType(relativeUrl);
        return call(relativeUrl, () -> client.read()
                .resource(id.getResourceType())
                .withId(id.getIdPart())
                .execute());
    }

    @Override
    public List<IBaseResource> search(String relativeUrl) {
        return call(relativeUrl, () -> {
            Bundle first = client.search()
                    .byUrl(relativeUrl)
                    .returnBundle(Bundle.class)
                    .execute();
            List<IBaseResource> resources = new ArrayList<>(entries(first));
            resources.addAll(following(first));
            return resources;
        });
    }

    @Override
    public List<IBaseResource> pagesAfter(Bundle page) {
        return call("a paged prefetch", () -> following(page));
    }

    /** The entries of the pages after {@code page}, up to {@link #MAX_PAGES} in all, each under this server. */
    private List<IBaseResource> following(Bundle page) {
        List<IBaseResource> resources = new ArrayList<>();
        Bundle current = page;
        for (int pages = 1; current.getLink(Bundle.LINK_NEXT) != null; pages++) {
            String next = current.getLink(Bundle.LINK_NEXT).getUrl();
            if (pages >= MAX_PAGES) {
                throw new IllegalStateException("more than " + MAX_PAGES + " pages");
            }
            if (!DataAccess.within(URI.create(next), server)) {
                throw new IllegalStateException("next link " + next + " leaves " + server);
            }
            current = client.loadPage().next(current).execute();
            resources.addAll(entries(current));
        }
        return resources;
    }

    private static List<IBaseResource> entries(Bundle page) {
        return page.getEntry().stream()
                .filter(Bundle.BundleEntryComponent::hasResource)
                .map(e -> (IBaseResource) e.getResource())
                .toList();
    }

    private <T> T call(String relativeUrl, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            // Connection failures, HTTP errors, redirects, bodies that are not FHIR, paging links elsewhere: all one.
            // The URL names the patient: kept out of INFO logs, like the other CDS refusals.
            LOG.info("fhirServer {} failed: {}", server, e.getClass().getSimpleName());
            LOG.debug("fhirServer {} failed for {}: {}", server, relativeUrl, e.getMessage());
            throw new DataUnavailableException(UNAVAILABLE, e);
        }
    }
}
