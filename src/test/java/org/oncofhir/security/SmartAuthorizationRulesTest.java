package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HAPI authorization rules the SMART scopes of a token become, decided request by request. */
class SmartAuthorizationRulesTest {

    private static final RestfulServer SERVER = new RestfulServer(FhirContext.forR4Cached());

    @ParameterizedTest(name = "{0} (patient {1}) {2} {3} of {4}: {5}")
    @CsvSource(
            nullValues = "-",
            value = {
                "system/*.rs,                  -, READ,   Observation, b, ALLOW",
                "system/Observation.rs,        -, READ,   Observation, b, ALLOW",
                "system/Observation.rs,        -, READ,   Patient,     b, DENY",
                "patient/*.rs,                 a, READ,   Observation, a, ALLOW",
                "patient/*.rs,                 a, READ,   Observation, b, DENY",
                "patient/*.rs,                 -, READ,   Observation, a, DENY",
                "patient/Observation.rs,       a, READ,   Patient,     a, DENY",
                "user/*.cruds,                 -, READ,   Observation, a, DENY",
                "system/*.rs,                  -, CREATE, Observation, a, DENY",
                "system/Observation.c,         -, CREATE, Observation, b, ALLOW",
                "system/Observation.c,         -, CREATE, Patient,     b, DENY",
                "patient/Observation.c,        a, CREATE, Observation, a, ALLOW",
                "patient/Observation.c,        a, CREATE, Observation, b, DENY",
                "system/*.cruds,               -, DELETE, Observation, b, ALLOW",
                "patient/*.cruds,              a, DELETE, Observation, b, DENY",
                "patient/*.rs user/*.cruds,    a, READ,   Observation, b, DENY",
                "patient/Observation.rs,       a, READ,   ConceptMap,  -, ALLOW",
                "patient/Observation.rs,       a, READ,   ValueSet,    -, ALLOW",
                "system/Observation.rs,        -, READ,   StructureDefinition, -, ALLOW",
                "system/Observation.rs,        -, CREATE, ConceptMap,  -, DENY",
                "user/*.rs,                    -, READ,   ConceptMap,  -, DENY",
            })
    void decision(
            String scopes,
            String patient,
            RestOperationTypeEnum operation,
            String type,
            String owner,
            PolicyEnum expected) {
        AuthorizationInterceptor rules = new AuthorizationInterceptor() {
            @Override
            public List<IAuthRule> buildRuleList(RequestDetails request) {
                return SmartAuthorizationInterceptor.rules(SmartScope.parse(scopes), patient);
            }
        };
        IBaseResource resource = resource(type, owner);
        ServletRequestDetails request = new ServletRequestDetails();
        request.setServer(SERVER);
        request.setResourceName(type);
        request.setRestOperationType(operation);
        request.setId(resource.getIdElement());
        boolean reads = operation == RestOperationTypeEnum.READ;
        PolicyEnum decision = rules.applyRulesAndReturnDecision(
                        operation,
                        request,
                        reads ? null : resource,
                        resource.getIdElement(),
                        reads ? resource : null,
                        reads ? Pointcut.STORAGE_PRESHOW_RESOURCES : Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
                .getDecision();
        assertThat(decision).isEqualTo(expected);
    }

    @ValueSource(strings = {"patient/*.rs", "system/Observation.rs", "user/*.rs"})
    @ParameterizedTest(name = "{0}: metadata")
    void metadataIsOpenToEveryToken(String scopes) {
        AuthorizationInterceptor rules = new AuthorizationInterceptor() {
            @Override
            public List<IAuthRule> buildRuleList(RequestDetails request) {
                return SmartAuthorizationInterceptor.rules(SmartScope.parse(scopes), "a");
            }
        };
        ServletRequestDetails request = new ServletRequestDetails();
        request.setServer(SERVER);
        request.setRestOperationType(RestOperationTypeEnum.METADATA);
        assertThat(rules.applyRulesAndReturnDecision(
                                RestOperationTypeEnum.METADATA,
                                request,
                                null,
                                null,
                                null,
                                Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
                        .getDecision())
                .isEqualTo(PolicyEnum.ALLOW);
    }

    private static IBaseResource resource(String type, String owner) {
        if (type.equals("Patient")) {
            return new Patient().setId(new IdType("Patient", owner));
        }
        if (!type.equals("Observation")) {
            IBaseResource conformance =
                    FhirContext.forR4Cached().getResourceDefinition(type).newInstance();
            conformance.setId(new IdType(type, "published"));
            return conformance;
        }
        Observation observation = new Observation();
        observation.setId(new IdType("Observation", "obs-" + owner));
        observation.setSubject(new Reference("Patient/" + owner));
        return observation;
    }
}
