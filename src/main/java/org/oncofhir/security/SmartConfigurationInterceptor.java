package org.oncofhir.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Describes the FHIR API's security where clients look for it, both open: {@code /fhir/.well-known/smart-configuration}
 * (SMART App Launch) and {@code rest.security} in the CapabilityStatement.
 */
final class SmartConfigurationInterceptor {

    static final String PATH = "/.well-known/smart-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirSecurityProperties properties;

    SmartConfigurationInterceptor(FhirSecurityProperties properties) {
        this.properties = properties;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean wellKnown(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() == null || !request.getPathInfo().equals(PATH)) {
            return true;
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", properties.issuer());
        if (properties.jwksUrl() != null && !properties.jwksUrl().isBlank()) {
            config.put("jwks_uri", properties.jwksUrl());
        }
        if (properties.authorizationEndpoint() != null
                && !properties.authorizationEndpoint().isBlank()) {
            config.put("authorization_endpoint", properties.authorizationEndpoint());
        }
        if (properties.tokenEndpoint() != null && !properties.tokenEndpoint().isBlank()) {
            config.put("token_endpoint", properties.tokenEndpoint());
        }
        config.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
        config.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        config.put(
                "scopes_supported",
                List.of(
                        "system/*.cruds",
                        "system/*.rs",
                        "patient/*.cruds",
                        "patient/*.rs",
                        "system/*.read",
                        "system/*.write",
                        "patient/*.read"));
        config.put(
                "capabilities",
                List.of("permission-v1", "permission-v2", "permission-patient", "client-confidential-asymmetric"));
        config.put("code_challenge_methods_supported", List.of("S256"));
        response.setStatus(200);
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), config);
        return false;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void capabilityStatement(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement capabilities)) {
            return;
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(true);
            security.addService(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/restful-security-service",
                    "SMART-on-FHIR",
                    "SMART-on-FHIR")));
            security.setDescription(
                    "Bearer access tokens from " + properties.issuer() + " with SMART v1/v2 scopes; "
                            + "patient/ scopes are limited to the token's patient compartment. See .well-known/smart-configuration.");
            Extension uris = security.addExtension()
                    .setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
            if (properties.tokenEndpoint() != null) {
                uris.addExtension("token", new UriType(properties.tokenEndpoint()));
            }
            if (properties.authorizationEndpoint() != null) {
                uris.addExtension("authorize", new UriType(properties.authorizationEndpoint()));
            }
        }
    }
}
