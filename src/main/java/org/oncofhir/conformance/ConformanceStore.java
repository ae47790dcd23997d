package org.oncofhir.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import java.util.Objects;
import org.hl7.fhir.r4.model.MetadataResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the conformance package into the FHIR store, idempotently: a resource that is absent is created under its
 * own id, one whose stored {@code version} differs is updated, an unchanged one is left alone.
 */
public class ConformanceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceStore.class);

    private final DaoRegistry daoRegistry;

    public ConformanceStore(DaoRegistry daoRegistry) {
        this.daoRegistry = daoRegistry;
    }

    /** Returns how many resources were created or updated. */
    public int install(ConformancePackage conformance) {
        int changed = 0;
        for (MetadataResource resource : conformance.all()) {
            if (installOne(resource)) {
                changed++;
            }
        }
        LOG.info(
                "Conformance package: {} resources, {} created or updated",
                conformance.all().size(),
                changed);
        return changed;
    }

    @SuppressWarnings("unchecked")
    private boolean installOne(MetadataResource resource) {
        IFhirResourceDao<MetadataResource> dao =
                (IFhirResourceDao<MetadataResource>) daoRegistry.getResourceDao(resource.getClass());
        SystemRequestDetails request = new SystemRequestDetails();
        SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(resource.getUrl()));
        IBundleProvider found = dao.search(byUrl, request);
        MetadataResource stored = found.getAllResources().stream()
                .map(MetadataResource.class::cast)
                .filter(r -> r.getIdElement()
                        .getIdPart()
                        .equals(resource.getIdElement().getIdPart()))
                .findFirst()
                .orElse(null);
        if (stored != null && Objects.equals(stored.getVersion(), resource.getVersion())) {
            return false;
        }
        dao.update(resource.copy(), request);
        return true;
    }
}
