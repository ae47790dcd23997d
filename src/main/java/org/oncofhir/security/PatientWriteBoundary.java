package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.oncofhir.security.SmartScope.Context;
import org.oncofhir.security.SmartScope.Permission;

/**
 * What a token confined to one patient may write, judged on the resource as it is stored (plain writes, patches and
 * every transaction or batch entry alike). HAPI's compartment rules count any reference to the patient (an
 * Observation's {@code performer}, a Condition's {@code asserter}), which let patient A write into B's record;
 * here the resource's own patient ({@code patient}, else {@code subject}) must be A, before and after an update,
 * and every resource it references must be A's or shared (no patient of its own, e.g. a Practitioner or a
 * Medication). A reference to a resource of another patient and one to a resource that does not exist get the same
 * answer, so writes cannot probe other records.
 */
final class PatientWriteBoundary {

    /** Ahead of profile validation: a write the token may not make is refused before it is judged. */
    private static final int FIRST = -100;

    private final FhirAccessTokenVerifier verifier;
    private final FhirContext context;
    /** Reads a referenced resource with the server's own rights; empty when it does not exist (or was deleted). */
    private final Function<IIdType, Optional<IBaseResource>> store;

    PatientWriteBoundary(FhirAccessTokenVerifier verifier, FhirContext context,
            Function<IIdType, Optional<IBaseResource>> store) {
        this.verifier = verifier;
        this.context = context;
        this.store = store;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = FIRST)
    public void created(IBaseResource resource, RequestDetails request) {
        String patient = confinedTo(request, resource, Permission.CREATE);
        if (patient != null) {
            requireOwnedBy(resource, patient);
            requireReferencesWithin(resource, patient);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = FIRST)
    public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
        String patient = confinedTo(request, updated, Permission.UPDATE);
        if (patient != null) {
            requireOwnedBy(previous, patient);
            requireOwnedBy(updated, patient);
            requireReferencesWithin(updated, patient);
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
        String type = context.getResourceType(resource);
        boolean systemGrant = token.scopes().stream().anyMatch(s -> s.context() == Context.SYSTEM
                && (s.anyType() || s.resourceType().equals(type)) && s.permissions().contains(permission));
        if (systemGrant) {
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
                    + (owners.isEmpty() ? "no patient" : String.join(", ", owners.stream().map(p -> "Patient/" + p).toList())));
        }
    }

    private void requireReferencesWithin(IBaseResource resource, String patient) {
        for (ResourceReferenceInfo info : context.newTerser().getAllResourceReferences(resource)) {
            IBaseReference reference = info.getResourceReference();
            IIdType target = reference.getReferenceElement();
            if (target == null || target.isLocal() || target.isAbsolute() || !target.hasResourceType() || !target.hasIdPart()) {
                continue;
            }
            if (!withinRecord(target.toUnqualifiedVersionless(), patient)) {
                throw new ForbiddenOperationException("Reference " + target.getValue() + " (" + info.getName()
                        + ") is not to a resource in the record of Patient/" + patient + " nor to a shared resource");
            }
        }
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
        return owners.isEmpty() ? !inPatientCompartment(target.getResourceType()) : owners.equals(Set.of(patient));
    }

    /** The ids of the patients a resource is about: itself for a Patient, else its {@code patient} (or {@code subject}). */
    Set<String> patientsOf(IBaseResource resource) {
        String type = context.getResourceType(resource);
        if (type.equals("Patient")) {
            return resource.getIdElement().hasIdPart() ? Set.of(resource.getIdElement().getIdPart()) : Set.of();
        }
        RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
        RuntimeSearchParam param = Optional.ofNullable(definition.getSearchParam("patient"))
                .orElse(definition.getSearchParam("subject"));
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

    private boolean inPatientCompartment(String type) {
        return !context.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty();
    }
}
