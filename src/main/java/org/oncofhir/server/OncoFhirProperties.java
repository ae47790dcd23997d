package org.oncofhir.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings under {@code oncofhir.*}.
 *
 * @param hibernateDialect HAPI's dialect for the configured database (H2 or PostgreSQL)
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 * @param resourceTypes the FHIR resource types this server stores and serves; a bounded oncology set keeps
 *     start-up and memory small, and can be widened by configuration
 */
@ConfigurationProperties(prefix = "oncofhir")
public record OncoFhirProperties(
        String hibernateDialect, int defaultPageSize, int maxPageSize, List<String> resourceTypes) {}
