package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.oncofhir.security.SmartScope.Permission;

/**
 * What a token confined to one patient may write, judged on the resource as it is stored (plain writes, patches and
 * every transaction or batch entry alike). HAPI's compartment rules count any reference to the patient (an
 * Observation's {@code performer}, a Condition's {@code asserter}), which let patient A write into B's record;
 * here the resource's own patient ({@code patient}, else {@code subject}) must be A, before and after an update,
 * and every resource it references must be A's or shared (no patient of its own, e.g. a Practitioner or a
 * Medication). A reference to a resource of another patient and one to a resource that does not exist get the same
 * answer, so writes cannot probe other records.
 *
 * <p>Over 200 lines because it is one rule: its storage hooks and the owner and reference checks they share.
 */
final class PatientWriteBoundary {

    private static final String BUNDLE_WRITES = PatientWriteBoundary.class.getName() + ".bundleWrites";

    /** Ahead of profile validation: a write the token may not make is refused before it is judged. */
    private static final int FIRST = -100;

    private final FhirAccessTokenVerifier verifier;
    private final FhirContext context;
    /** Reads a referenced resource with the server's own rights; empty when it does not exist (or was deleted). */
    private final Function<IIdType, Optional<IBaseResource>> store;

    PatientWriteBoundary(
            FhirAccessTokenVerifier verifier, FhirContext context, Function<IIdType, Optional<IBaseResource>> store) {
        this.verifier = verifier;
        this.context = context;
        this.store = store;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = FIRST)
    public void created(IBaseResource resource, RequestDetails request) {
        String patient = confinedTo(request, resource, Permission.CREATE);
        if (patient != null) {
            requireOwnedBy(resource, patient);
            requireReferencesWithin(resource, patient, request);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = FIRST)
    public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
        String patient = confinedTo(request, updated, Permission.UPDATE);
        if (patient != null) {
            requireOwnedBy(previous, patient);
            requireOwnedBy(updated, patient);
            requireReferencesWithin(updated, patient, request);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = FIRST)
    public void deleted(IBaseResource resource, RequestDetails request) {
        String patient = confinedTo(request, resource, Permission.DELETE);
        if (patient != null) {
            requireOwnedBy(resource, patient);
        }
    }

    /**
     * The patient the request's token confines this write to; null for writes not made with a patient-scoped
     * token (the server's own, or a token with a system scope for this type and permission).
     */
    private String confinedTo(RequestDetails request, IBaseResource resource, Permission permission) {
        FhirAccessTokenVerifier.AccessToken token = request == null ? null : verifier.read(request);
        if (token == null) {
            return null;
        }
        if (token.systemGrant(context.getResourceType(resource), permission)) {
            return null;
        }
        if (token.patient() == null) {
            throw new ForbiddenOperationException("No scope of the access token covers this write");
        }
        return token.patient();
    }

    private void requireOwnedBy(IBaseResource resource, String patient) {
        Set<String> owners = patientsOf(resource);
        if (!owners.equals(Set.of(patient))) {
            throw new ForbiddenOperationException("A token for Patient/" + patient + " may only write resources whose "
                    + "patient is Patient/" + patient + "; this " + context.getResourceType(resource) + " belongs to "
                    + (owners.isEmpty()
                            ? "no patient"
                            : String.join(
                                    ", ",
                                    owners.stream().map(p -> "Patient/" + p).toList())));
        }
    }

    /**
     * Every reference by id must reach this patient's record or a shared resource. References to what the same
     * Bundle writes ({@code urn:uuid} placeholders, ids its PUT entries create) are left to those entries, which
     * pass the same owner check themselves; conditional references ({@code Type?search}) would be resolved over
     * every patient's data, so a patient's write names resources by id.
     */
    private void requireReferencesWithin(IBaseResource resource, String patient, RequestDetails request) {
        Set<String> writtenTogether = writtenByTheSameBundle(request);
        for (ResourceReferenceInfo info : context.newTerser().getAllResourceReferences(resource)) {
            IBaseReference reference = info.getResourceReference();
            IIdType target = reference.getReferenceElement();
            String value = target == null ? null : target.getValue();
            if (value != null && value.contains("?")) {
                throw new ForbiddenOperationException("A token for Patient/" + patient + " references resources by id, "
                        + "not by search: '" + value + "' (" + info.getName() + ")");
            }
            if (target == null
                    || target.isLocal()
                    || target.isAbsolute()
                    || !target.hasResourceType()
                    || !target.hasIdPart()
                    || writtenTogether.contains(
                            target.toUnqualifiedVersionless().getValue())) {
                continue;
            }
            if (!withinRecord(target.toUnqualifiedVersionless(), patient)) {
                throw new ForbiddenOperationException("Reference " + target.getValue() + " (" + info.getName()
                        + ") is not to a resource in the record of Patient/" + patient + " nor to a shared resource");
            }
        }
    }

    /**
     * Notes the "Type/id" of every resource a transaction or batch writes under an id of its own choosing (PUT):
     * its entries are stored through sub-requests that no longer carry the Bundle, but share the request's data.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void noteBundleWrites(RequestDetails request) {
        if (request.getResource() instanceof Bundle bundle) {
            Set<String> written = new HashSet<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                String url = entry.getRequest().getUrl();
                if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT && url != null && !url.contains("?")) {
                    written.add(new IdType(url).toUnqualifiedVersionless().getValue());
                }
            }
            request.getUserData().put(BUNDLE_WRITES, Set.copyOf(written));
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> writtenByTheSameBundle(RequestDetails request) {
        return request != null && request.getUserData().get(BUNDLE_WRITES) instanceof Set<?> written
                ? (Set<String>) written
                : Set.of();
    }

    private boolean withinRecord(IIdType target, String patient) {
        if (target.getResourceType().equals("Patient")) {
            return target.getIdPart().equals(patient);
        }
        if (!context.getResourceTypes().contains(target.getResourceType())) {
            return false;
        }
        Optional<IBaseResource> stored = store.apply(target);
        if (stored.isEmpty()) {
            return false;
        }
        Set<String> owners = patientsOf(stored.get());
        if (!owners.isEmpty()) {
            return owners.equals(Set.of(patient));
        }
        // No patient of its own: shared (a Device, a Practitioner), unless HAPI's Patient compartment places it in a
        // record (an Observation with only a performer), which must then be this patient's.
        return context.newTerser().getCompartmentOwnersForResource("Patient", stored.get(), Set.of()).stream()
                .allMatch(owner -> owner.getIdPart().equals(patient));
    }

    /** The ids of the patients a resource is about: itself for a Patient, else its {@code patient} (or {@code subject}). */
    Set<String> patientsOf(IBaseResource resource) {
        String type = context.getResourceType(resource);
        if (type.equals("Patient")) {
            return resource.getIdElement().hasIdPart()
                    ? Set.of(resource.getIdElement().getIdPart())
                    : Set.of();
        }
        RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
        RuntimeSearchParam param =
                Optional.ofNullable(definition.getSearchParam("patient")).orElse(definition.getSearchParam("subject"));
        Set<String> patients = new LinkedHashSet<>();
        if (param == null) {
            return patients;
        }
        for (String path : param.getPathsSplit()) {
            int where = path.indexOf(".where(");
            String plain = where < 0 ? path : path.substring(0, where);
            for (IBaseReference reference : context.newTerser().getValues(resource, plain, IBaseReference.class)) {
                IIdType id = reference.getReferenceElement();
                if (id != null && "Patient".equals(id.getResourceType()) && id.hasIdPart()) {
                    patients.add(id.getIdPart());
                }
            }
        }
        return patients;
    }
}
