package org.oncofhir.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.hl7.fhir.r4.model.MetadataResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the conformance package into the FHIR store, idempotently: a resource that is absent is created under its
 * own id, one whose stored {@code version} differs is updated, an unchanged one is left alone. Instances started
 * together on one database install it side by side.
 */
public class ConformanceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceStore.class);
    private static final int MAX_ATTEMPTS = 3;
    /** HAPI's code for "a resource with this canonical URL and version exists already". */
    private static final String DUPLICATE_CANONICAL = "HAPI-0841";

    private final DaoRegistry daoRegistry;

    public ConformanceStore(DaoRegistry daoRegistry) {
        this.daoRegistry = daoRegistry;
    }

    /** Returns how many resources were created or updated. */
    public int install(ConformancePackage conformance) {
        // Each resource is its own transaction; two at a time use both cores of a small machine, where most of the
        // time goes into HAPI storing each CodeSystem's concepts.
        int changed = (int)
                conformance.all().parallelStream().filter(this::installOne).count();
        LOG.info(
                "Conformance package: {} resources, {} created or updated",
                conformance.all().size(),
                changed);
        return changed;
    }

    private boolean installOne(MetadataResource resource) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storeIfChanged(resource);
            } catch (ResourceVersionConflictException | UnprocessableEntityException refused) {
                // Another instance starting on the same database stored it between our look and our write: HAPI
                // refuses ours as a version conflict, or (HAPI-0841) as a second resource with the same canonical
                // URL and version. Look again: its content is usually ours by now. Any other 422 is a real error.
                boolean storedMeanwhile = refused instanceof ResourceVersionConflictException
                        || String.valueOf(refused.getMessage()).contains(DUPLICATE_CANONICAL);
                if (!storedMeanwhile || attempt == MAX_ATTEMPTS) {
                    throw refused;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private boolean storeIfChanged(MetadataResource resource) {
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
        // The content decides, not only the version: fragments of LOINC or SNOMED CT carry none.
        if (stored != null && content(stored).equals(content(resource))) {
            return false;
        }
        dao.update(resource.copy(), request);
        return true;
    }

    /** SHA-256 of the resource as JSON, without what storing it adds (id, meta). */
    private String content(MetadataResource resource) {
        MetadataResource bare = resource.copy();
        bare.setId((String) null);
        bare.setMeta(null);
        byte[] json = daoRegistry
                .getFhirContext()
                .newJsonParser()
                .encodeResourceToString(bare)
                .getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
