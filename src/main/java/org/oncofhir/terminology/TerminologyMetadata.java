package org.oncofhir.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.TerminologyCapabilities;
import org.hl7.fhir.r4.model.TerminologyCapabilities.CapabilityStatementKind;
import org.hl7.fhir.r4.model.TerminologyCapabilities.CodeSearchSupport;

/**
 * What this server says about itself as a terminology server: {@code GET metadata?mode=terminology} answers a
 * {@link TerminologyCapabilities} (HAPI answers every mode with the CapabilityStatement), and the CapabilityStatement
 * carries the features the HL7 validator looks for before it uses a server as its {@code -tx}: the version of the
 * HL7 terminology test suite the server is written against, and that code systems may be sent as
 * {@code tx-resource} parameters (which {@link TerminologyOperations} honours).
 */
@Interceptor
public class TerminologyMetadata {

    static final String FEATURE = "http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature";
    static final String TEST_VERSION = "http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version";
    static final String CODE_SYSTEM_AS_PARAMETER =
            "http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter";
    /** The oldest test-suite version validator 6.7.9 accepts; see the README on what it does and does not claim. */
    static final String TX_TEST_VERSION = "1.6.0";

    private final PackageTerminology terminology;
    private final String softwareVersion;
    private final String canonicalBase;

    public TerminologyMetadata(PackageTerminology terminology, String softwareVersion, String canonicalBase) {
        this.terminology = terminology;
        this.softwareVersion = softwareVersion;
        this.canonicalBase = canonicalBase;
    }

    /** Answers {@code metadata?mode=terminology} before HAPI's metadata binding, which knows only one mode. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean terminologyMode(RequestDetails request) throws IOException {
        if (request.getRequestType() != RequestTypeEnum.GET
                || !"metadata".equals(request.getRequestPath())
                || request.getParameters().get("mode") == null
                || !List.of(request.getParameters().get("mode")).contains("terminology")) {
            return true;
        }
        RestfulServerUtils.streamResponseAsResource(
                request.getServer(), capabilities(request.getFhirServerBase()), Set.of(), 200, false, false, request);
        return false;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void features(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        feature(statement, TEST_VERSION, new CodeType(TX_TEST_VERSION));
        feature(statement, CODE_SYSTEM_AS_PARAMETER, new BooleanType(true));
    }

    private static void feature(CapabilityStatement statement, String definition, org.hl7.fhir.r4.model.Type value) {
        Extension feature = statement.addExtension().setUrl(FEATURE);
        feature.addExtension("definition", new CanonicalType(definition));
        feature.addExtension("value", value);
    }

    TerminologyCapabilities capabilities(String serverBase) {
        TerminologyCapabilities capabilities = new TerminologyCapabilities();
        capabilities.setUrl(canonicalBase + "/TerminologyCapabilities/oncofhir");
        capabilities.setVersion(softwareVersion);
        capabilities.setName("OncoFhirTerminology");
        capabilities.setTitle("OncoFHIR terminology service");
        capabilities.setStatus(PublicationStatus.ACTIVE);
        capabilities.setDate(new Date());
        capabilities.setPublisher("OncoFHIR");
        capabilities.setKind(CapabilityStatementKind.INSTANCE);
        capabilities.getSoftware().setName("OncoFHIR").setVersion(softwareVersion);
        capabilities
                .getImplementation()
                .setDescription("OncoFHIR terminology service")
                .setUrl(serverBase);
        capabilities.setLockedDate(false);
        capabilities.setCodeSearch(CodeSearchSupport.EXPLICIT);
        for (CodeSystem codeSystem : terminology.codeSystems()) {
            TerminologyCapabilities.TerminologyCapabilitiesCodeSystemComponent entry =
                    capabilities.addCodeSystem().setUri(codeSystem.getUrl());
            if (codeSystem.hasVersion()) {
                entry.addVersion().setCode(codeSystem.getVersion()).setIsDefault(true);
            }
            entry.setSubsumption(codeSystem.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE);
        }
        TerminologyCapabilities.TerminologyCapabilitiesExpansionComponent expansion = capabilities.getExpansion();
        expansion.setHierarchical(false).setPaging(true).setIncomplete(false);
        for (String parameter : List.of(
                "url",
                "valueSet",
                "valueSetVersion",
                "filter",
                "offset",
                "count",
                "includeDesignations",
                "tx-resource")) {
            expansion.addParameter().setName(parameter);
        }
        expansion.setTextFilter(
                "Every word of the filter starts a word of the concept's display, or is part of its code"
                        + " (case-insensitive).");
        capabilities.getValidateCode().setTranslations(false);
        capabilities.getTranslation().setNeedsMap(true);
        capabilities.getClosure().setTranslation(false);
        return capabilities;
    }
}
