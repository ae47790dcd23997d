package org.oncofhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.OperationMethodBinding;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which FHIR operations HAPI's providers bind. Operations this configuration switches off are not bound at
 * all, so the CapabilityStatement never lists an operation that would only answer an error; and an operation a
 * feature package implements itself has that one binding, not HAPI's as well (with two, the answering one would
 * depend on registration order). One hook decides both: HAPI stops at the first hook of this pointcut that returns
 * a binding.
 */
@Interceptor
public class OperationBindings {

    /** Off here: expunge is disabled, and terminology pre-expansion and its full-text index are not used. */
    private static final Set<String> UNSERVED = Set.of("$expunge", "$reindex-terminology", "$invalidate-expansion");

    private final Map<String, Class<?>> owners = new ConcurrentHashMap<>();

    /** Binds each of {@code operations} ({@code Type/$name}) only on providers of {@code owner}'s class. */
    public void own(Class<?> owner, Collection<String> operations) {
        operations.forEach(operation -> owners.put(operation, owner));
    }

    /** Returning null discards the binding; any other binding is kept as it is. */
    @Hook(Pointcut.SERVER_PROVIDER_METHOD_BOUND)
    public BaseMethodBinding bound(BaseMethodBinding binding) {
        if (!(binding instanceof OperationMethodBinding operation)) {
            return binding;
        }
        if (UNSERVED.contains(operation.getName())) {
            return null;
        }
        Class<?> owner = owners.get(operation.getResourceName() + "/" + operation.getName());
        return owner == null || owner.isInstance(operation.getProvider()) ? binding : null;
    }
}
