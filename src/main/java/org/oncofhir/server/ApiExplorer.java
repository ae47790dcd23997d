package org.oncofhir.server;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.oncofhir.server.FhirRestConfig.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR API for people with a browser: HAPI's OpenAPI document ({@code /fhir/api-docs}) and Swagger UI
 * ({@code /fhir/swagger-ui/}) generated from the CapabilityStatement, with a bearer-token field ("Authorize") since
 * every call needs a token when security is on; and FHIR responses opened in a browser shown as highlighted JSON.
 */
@Configuration
public class ApiExplorer {

    static final String BEARER = "bearer";

    @Bean
    FhirServerCustomizer apiExplorerInterceptors() {
        return server -> {
            server.registerInterceptor(new BearerOpenApi());
            server.registerInterceptor(new ResponseHighlighterInterceptor());
        };
    }

    /** HAPI's generated document, plus the bearer scheme that gives Swagger UI its token field. */
    static final class BearerOpenApi extends OpenApiInterceptor {

        @Override
        protected OpenAPI generateOpenApi(ServletRequestDetails request) {
            OpenAPI api = super.generateOpenApi(request);
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .bearerFormat("JWT")
                                    .description("A SMART access token from the configured issuer"));
            api.addSecurityItem(new SecurityRequirement().addList(BEARER));
            return api;
        }
    }
}
