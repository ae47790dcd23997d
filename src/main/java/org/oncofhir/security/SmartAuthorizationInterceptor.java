package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderOperationNamed;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.oncofhir.security.SmartScope.Context;
import org.oncofhir.security.SmartScope.Permission;

/**
 * FHIR API authorization from SMART scopes in a verified Bearer access token: {@code system/} scopes grant by
 * resource type, {@code patient/} scopes only within the compartment of the token's {@code patient} claim, and
 * {@code user/} scopes nothing (OncoFHIR does not know the user's own permissions); any token that grants something
 * also reads the published profiles and terminology. The CapabilityStatement is open; everything else needs a token
 * (401) and a scope that covers it (403), both answered by HAPI as OperationOutcome. HAPI's read rule covers search
 * too.
 */
final class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private static final FhirContext R4 = FhirContext.forR4Cached();

    private final FhirAccessTokenVerifier verifier;

    SmartAuthorizationInterceptor(FhirAccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        FhirAccessTokenVerifier.AccessToken token;
        try {
            token = verifier.read(request);
        } catch (IllegalArgumentException e) {
            throw bearerChallenge(
                    new AuthenticationException("Access token refused: " + e.getMessage()), "invalid_token");
        }
        if (token == null) {
            if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
                return new RuleBuilder().allow().metadata().andThen().denyAll().build();
            }
            throw bearerChallenge(new AuthenticationException("A Bearer access token is required"), null);
        }
        return rules(token.scopes(), token.patient());
    }

    private static AuthenticationException bearerChallenge(AuthenticationException e, String error) {
        e.addResponseHeader("WWW-Authenticate", error == null ? "Bearer" : "Bearer error=\"" + error + "\"");
        return e;
    }

    static List<IAuthRule> rules(List<SmartScope> scopes, String patientId) {
        IAuthRuleBuilder rules = new RuleBuilder();
        rules.allow().metadata();
        boolean anyGrant = false;
        boolean beyondOnePatient = false;
        for (SmartScope scope : scopes) {
            // user/ scopes mean "what this user may see", which OncoFHIR cannot know: they grant nothing.
            if (scope.context() == Context.USER || scope.context() == Context.PATIENT && patientId == null) {
                continue;
            }
            IdType compartment = scope.context() == Context.PATIENT ? new IdType("Patient", patientId) : null;
            beyondOnePatient |= compartment == null;
            if (scope.permissions().contains(Permission.READ)
                    || scope.permissions().contains(Permission.SEARCH)) {
                restrict(type(rules.allow().read(), scope), compartment);
                anyGrant = true;
            }
            // One rule per scope for c/u: HAPI's builder shares one op builder between create() and write().
            // Its write rule covers create and update (an update scope thus also allows update-as-create).
            boolean create = scope.permissions().contains(Permission.CREATE);
            if (create || scope.permissions().contains(Permission.UPDATE)) {
                restrict(
                        type(
                                create && !scope.permissions().contains(Permission.UPDATE)
                                        ? rules.allow().create()
                                        : rules.allow().write(),
                                scope),
                        compartment);
                anyGrant = true;
            }
            if (scope.permissions().contains(Permission.DELETE)) {
                restrict(type(rules.allow().delete(), scope), compartment);
                anyGrant = true;
            }
        }
        if (anyGrant) {
            // Batches and transactions: each entry is judged by the rules above.
            rules.allow().transaction().withAnyOperation().andApplyNormalRules();
            if (beyondOnePatient) {
                rules.allow().operation().named("$validate").onAnyType().andAllowAllResponses();
            }
            // Instance-level $validate reads the stored resource: only where a system scope reads that type.
            for (SmartScope scope : scopes) {
                if (scope.context() == Context.SYSTEM
                        && scope.grants(Permission.READ)
                        && (scope.anyType() || R4.getResourceTypes().contains(scope.resourceType()))) {
                    IAuthRuleBuilderOperationNamed validate =
                            rules.allow().operation().named("$validate");
                    (scope.anyType()
                                    ? validate.onAnyInstance()
                                    : validate.onInstancesOfType(R4.getResourceDefinition(scope.resourceType())
                                            .getImplementingClass()))
                            .andAllowAllResponses();
                }
            }
            // The package's profiles and terminology are published openly at /ig/ (and as package.tgz): reading them
            // through the API widens nothing, and a client needs them to understand the data (the console does).
            for (Class<? extends IBaseResource> conformance :
                    List.of(StructureDefinition.class, CodeSystem.class, ValueSet.class, ConceptMap.class)) {
                rules.allow().read().resourcesOfType(conformance).withAnyId();
            }
            rules.allow().operation().named("$expand").onType(ValueSet.class).andAllowAllResponses();
            rules.allow()
                    .operation()
                    .named("$expand")
                    .onInstancesOfType(ValueSet.class)
                    .andAllowAllResponses();
            rules.allow()
                    .operation()
                    .named("$validate-code")
                    .onType(ValueSet.class)
                    .andAllowAllResponses();
            rules.allow()
                    .operation()
                    .named("$validate-code")
                    .onType(CodeSystem.class)
                    .andAllowAllResponses();
            rules.allow().operation().named("$lookup").onType(CodeSystem.class).andAllowAllResponses();
            rules.allow()
                    .operation()
                    .named("$subsumes")
                    .onType(CodeSystem.class)
                    .andAllowAllResponses();
            rules.allow()
                    .operation()
                    .named("$translate")
                    .onType(ConceptMap.class)
                    .andAllowAllResponses();
        }
        rules.denyAll("No scope of the access token covers this request");
        return rules.build();
    }

    private static IAuthRuleBuilderRuleOpClassifier type(IAuthRuleBuilderRuleOp op, SmartScope scope) {
        return scope.anyType() ? op.allResources() : op.resourcesOfType(scope.resourceType());
    }

    private static void restrict(IAuthRuleBuilderRuleOpClassifier classifier, IdType compartment) {
        if (compartment == null) {
            classifier.withAnyId();
        } else {
            classifier.inCompartment("Patient", compartment);
        }
    }
}
