package org.oncofhir.cds.data;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/** This server's own store, searched in-process through HAPI's DAOs when the request names no fhirServer. */
final class LocalStoreSource implements FhirDataSource {

    private final FhirContext fhirContext;
    private final DaoRegistry daoRegistry;
    private final MatchUrlService matchUrlService;

    LocalStoreSource(FhirContext fhirContext, DaoRegistry daoRegistry, MatchUrlService matchUrlService) {
        this.fhirContext = fhirContext;
        this.daoRegistry = daoRegistry;
        this.matchUrlService = matchUrlService;
    }

    @Override
    public IBaseResource read(String relativeUrl) {
        IdType id = new IdType(relativeUrl);
        try {
            return daoRegistry.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            throw new DataUnavailableException(relativeUrl + " is not in this server's store", e);
        }
    }

    @Override
    public List<IBaseResource> search(String relativeUrl) {
        String type = relativeUrl.substring(0, relativeUrl.indexOf('?'));
        RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
        SearchParameterMap map = matchUrlService.translateMatchUrl(relativeUrl, definition);
        map.setLoadSynchronous(true);
        return daoRegistry.getResourceDao(type).searchForResources(map, new SystemRequestDetails());
    }

    /** A paged prefetch names pages on the client's server: without a fhirServer they cannot be read. */
    @Override
    public List<IBaseResource> pagesAfter(Bundle page) {
        throw new DataUnavailableException(
                "A prefetch Bundle has further pages (a next link) and the request names no fhirServer to read them "
                        + "from: the service does not decide on part of the data",
                null);
    }
}
