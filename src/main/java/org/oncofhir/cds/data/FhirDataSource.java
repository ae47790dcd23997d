package org.oncofhir.cds.data;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/** Where a CDS service fetches what the client did not prefetch: the client's FHIR server, or this server's store. */
interface FhirDataSource {

    /** Reads "Type/id"; throws {@link DataUnavailableException} when the resource cannot be obtained. */
    IBaseResource read(String relativeUrl);

    /** Runs a search "Type?params" and returns every match (all pages). */
    List<IBaseResource> search(String relativeUrl);

    /**
     * The resources on the pages after {@code page} (a paged prefetch), following its {@code next} links; throws
     * {@link DataUnavailableException} when they cannot be followed.
     */
    List<IBaseResource> pagesAfter(Bundle page);
}
