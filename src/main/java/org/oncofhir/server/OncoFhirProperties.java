package org.oncofhir.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server settings under {@code oncofhir.*} (the trusted clients and token issuers are in the security package's
 * own records).
 *
 * @param hibernateDialect HAPI's dialect for the configured database (H2 or PostgreSQL)
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 * @param resourceTypes the FHIR resource types this server stores and serves; a bounded oncology set keeps
 *     start-up and memory small, and can be widened by configuration
 * @param maxRequestBytes largest request body (the inflated size for compressed bodies); larger ones get 413
 * @param security whether security is on, and the public address
 * @param cds the CDS Hooks layer
 * @param validation profile validation of incoming results
 * @param corsAllowedOrigins origins (patterns) browser apps may call the FHIR API from; {@code *} for any, as
 *     bearer tokens, not cookies, carry the authority
 */
@ConfigurationProperties(prefix = "oncofhir")
public record OncoFhirProperties(
        String hibernateDialect,
        int defaultPageSize,
        int maxPageSize,
        List<String> resourceTypes,
        @DefaultValue("10485760") long maxRequestBytes,
        @DefaultValue Security security,
        @DefaultValue Cds cds,
        @DefaultValue Validation validation,
        @DefaultValue("*") List<String> corsAllowedOrigins) {

    /**
     * @param enabled off only in the demo profile, which says so loudly at start-up
     * @param publicBaseUrl the address clients use (e.g. {@code https://cds.example.org}): the {@code aud} of CDS
     *     and FHIR tokens, and the base of links in responses; required with security on
     */
    public record Security(@DefaultValue("true") boolean enabled, String publicBaseUrl) {

        public boolean hasPublicBaseUrl() {
            return publicBaseUrl != null && !publicBaseUrl.isBlank();
        }
    }

    /**
     * @param enabled {@code false} only for the bench's layer-cost comparison
     * @param allowedOrigins CORS origins (patterns) browser-based CDS clients may call from
     * @param negativePregnancyTestValidDays how long a "not pregnant" result stands before HER2-directed therapy
     *     (local policy: the labels give no number)
     * @param smartAppUrl a SMART app every card links to (e.g. the hospital's oncology app's launch URL); empty
     *     for none
     * @param smartAppLabel the label of that link
     * @param jurisdiction whose drug labels decide the drugs and indications offered: US or EU
     */
    public record Cds(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("*") List<String> allowedOrigins,
            @DefaultValue("7") int negativePregnancyTestValidDays,
            @DefaultValue("") String smartAppUrl,
            @DefaultValue("Open the oncology app") String smartAppLabel,
            @DefaultValue("US") String jurisdiction) {}

    /**
     * @param enabled {@code false} only for the bench's layer-cost comparison
     * @param refuseUnknownProfiles refuse (422) a result claiming a profile this server does not hold; by default it
     *     is stored, checked against what the server does hold, with a warning in the write's OperationOutcome
     * @param packages FHIR NPM packages of other implementation guides whose profiles results may claim
     *     ({@code classpath:} or a file path); mCODE 4.0.0 ships with the server
     */
    public record Validation(
            @DefaultValue("true") boolean enabled,
            boolean refuseUnknownProfiles,
            @DefaultValue("classpath:oncofhir/profiles/packages/hl7.fhir.us.mcode-4.0.0.tgz") List<String> packages) {}
}
