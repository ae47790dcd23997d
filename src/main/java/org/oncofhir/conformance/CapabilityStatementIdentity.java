package org.oncofhir.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Says in the CapabilityStatement which implementation guide this server implements (its profiles and terminology,
 * pages at {@code /ig/}) and that it offers the terminology operations of FHIR's terminology-server statement.
 */
@Interceptor
public class CapabilityStatementIdentity {

    static final String TERMINOLOGY_SERVER = "http://hl7.org/fhir/CapabilityStatement/terminology-server";

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void identify(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        statement.setName("OncoFHIR");
        statement.setTitle("OncoFHIR breast-cancer biomarker server");
        statement.addImplementationGuide(ConformancePackage.IMPLEMENTATION_GUIDE);
        statement.addInstantiates(TERMINOLOGY_SERVER);
    }
}
