package org.oncofhir.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings under {@code oncofhir.*}.
 *
 * @param hibernateDialect HAPI's dialect for the configured database (H2 or PostgreSQL)
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 */
@ConfigurationProperties(prefix = "oncofhir")
public record OncoFhirProperties(String hibernateDialect, int defaultPageSize, int maxPageSize) {}
