package org.oncofhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.TerminologyCapabilities;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.AbstractServerIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;

/**
 * Every terminology operation on every resource of the package, over HTTP: parameterised over the package's own
 * files, so a resource added to {@code terminology/} is covered without touching this test.
 */
class PackageTerminologyIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private BuildProperties build;

    static Stream<Path> valueSets() {
        return files("ValueSet-");
    }

    static Stream<Path> codeSystems() {
        return files("CodeSystem-");
    }

    static Stream<Path> conceptMaps() {
        return files("ConceptMap-");
    }

    private static Stream<Path> files(String prefix) {
        try (Stream<Path> all = Files.list(Path.of("terminology"))) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyValueSetExpandsPagesAndFilters(Path file) throws Exception {
        ValueSet definition = read(ValueSet.class, file);
        String url = enc(definition.getUrl());
        ValueSet whole = get(ValueSet.class, "/ValueSet/$expand?url=" + url);
        List<ValueSetExpansionContainsComponent> all = whole.getExpansion().getContains();
        assertThat(whole.getExpansion().getTotal()).isEqualTo(all.size()).isPositive();
        assertThat(all)
                .allSatisfy(c -> assertThat(c.getDisplay()).as(c.getCode()).isNotBlank());

        ValueSet first = get(ValueSet.class, "/ValueSet/$expand?url=" + url + "&count=1");
        ValueSet rest = get(ValueSet.class, "/ValueSet/$expand?url=" + url + "&offset=1&count=1000");
        assertThat(first.getExpansion().getContains()).hasSize(1);
        assertThat(first.getExpansion().getTotal()).isEqualTo(all.size());
        List<String> paged = new ArrayList<>(codes(first));
        paged.addAll(codes(rest));
        assertThat(paged).isEqualTo(codes(whole));
        assertThat(get(ValueSet.class, "/ValueSet/$expand?url=" + url + "&count=0")
                        .getExpansion()
                        .getContains())
                .isEmpty();

        ValueSetExpansionContainsComponent last = all.get(all.size() - 1);
        String word = last.getDisplay().split("[^\\p{L}\\p{N}]+")[0];
        ValueSet filtered = get(ValueSet.class, "/ValueSet/$expand?url=" + url + "&filter=" + enc(word));
        assertThat(codes(filtered)).contains(last.getSystem() + "|" + last.getCode());
        assertThat(filtered.getExpansion().getTotal())
                .isEqualTo(filtered.getExpansion().getContains().size());

        ValueSet posted = post(
                ValueSet.class,
                "/ValueSet/$expand",
                new Parameters()
                        .addParameter("url", new UriType(definition.getUrl()))
                        .addParameter("includeDesignations", true));
        assertThat(codes(posted)).isEqualTo(codes(whole));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyMemberOfEveryValueSetValidatesInIt(Path file) throws Exception {
        ValueSet definition = read(ValueSet.class, file);
        SoftAssertions softly = new SoftAssertions();
        for (ValueSetExpansionContainsComponent member : get(
                        ValueSet.class, "/ValueSet/$expand?url=" + enc(definition.getUrl()))
                .getExpansion()
                .getContains()) {
            Parameters byCode = get(
                    Parameters.class,
                    "/ValueSet/$validate-code?url=" + enc(definition.getUrl()) + "&system=" + enc(member.getSystem())
                            + "&code=" + enc(member.getCode()));
            softly.assertThat(result(byCode)).as("GET " + member.getCode()).isTrue();
            Parameters byConcept = post(
                    Parameters.class,
                    "/ValueSet/$validate-code",
                    new Parameters()
                            .addParameter("url", new UriType(definition.getUrl()))
                            .addParameter(
                                    "codeableConcept",
                                    new CodeableConcept()
                                            .addCoding(new Coding("http://example.org/local", "x", null))
                                            .addCoding(new Coding(member.getSystem(), member.getCode(), null))));
            softly.assertThat(result(byConcept)).as("POST " + member.getCode()).isTrue();
        }
        Parameters outsider = post(
                Parameters.class,
                "/ValueSet/$validate-code",
                new Parameters()
                        .addParameter("url", new UriType(definition.getUrl()))
                        .addParameter("coding", new Coding("http://loinc.org", "LA0000-0", null)));
        refused(softly, outsider, "LA0000-0");
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("codeSystems")
    void everyConceptOfEveryCodeSystemLooksUpAndValidates(Path file) throws Exception {
        CodeSystem codeSystem = read(CodeSystem.class, file);
        SoftAssertions softly = new SoftAssertions();
        for (ConceptDefinitionComponent concept : codeSystem.getConcept()) {
            Parameters lookup = get(
                    Parameters.class,
                    "/CodeSystem/$lookup?system=" + enc(codeSystem.getUrl()) + "&code=" + enc(concept.getCode()));
            softly.assertThat(lookup.getParameter("display").getValue().primitiveValue())
                    .as(concept.getCode())
                    .isEqualTo(concept.getDisplay());
            softly.assertThat(lookup.getParameter("name").getValue().primitiveValue())
                    .isEqualTo(codeSystem.getName());
            softly.assertThat(lookup.getParameters("property"))
                    .hasSize(concept.getProperty().size());

            Parameters valid = post(
                    Parameters.class,
                    "/CodeSystem/$validate-code",
                    new Parameters()
                            .addParameter("url", new UriType(codeSystem.getUrl()))
                            .addParameter(
                                    "coding",
                                    new Coding(codeSystem.getUrl(), concept.getCode(), concept.getDisplay())));
            softly.assertThat(result(valid)).as(concept.getCode()).isTrue();
            if (codeSystem.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE) {
                Parameters subsumes = get(
                        Parameters.class,
                        "/CodeSystem/$subsumes?system=" + enc(codeSystem.getUrl()) + "&codeA=" + enc(concept.getCode())
                                + "&codeB=" + enc(concept.getCode()));
                softly.assertThat(subsumes.getParameter("outcome").getValue().primitiveValue())
                        .isEqualTo("equivalent");
            }
        }
        Parameters wrongDisplay = get(
                Parameters.class,
                "/CodeSystem/$validate-code?url=" + enc(codeSystem.getUrl()) + "&code="
                        + enc(codeSystem.getConceptFirstRep().getCode()) + "&display=" + enc("Not its name"));
        refused(softly, wrongDisplay, "Not its name");
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("conceptMaps")
    void everyMappingOfEveryConceptMapTranslates(Path file) throws Exception {
        ConceptMap map = read(ConceptMap.class, file);
        SoftAssertions softly = new SoftAssertions();
        for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
            for (ConceptMap.SourceElementComponent element : group.getElement()) {
                Parameters out = get(
                        Parameters.class,
                        "/ConceptMap/$translate?url=" + enc(map.getUrl()) + "&system=" + enc(group.getSource())
                                + "&code=" + enc(element.getCode()));
                softly.assertThat(result(out))
                        .as(group.getSource() + "#" + element.getCode())
                        .isTrue();
                softly.assertThat(out.getParameters("match").stream()
                                .map(m -> m.getPart().stream()
                                        .filter(p -> p.getName().equals("concept"))
                                        .map(p -> ((Coding) p.getValue()).getCode())
                                        .findFirst()
                                        .orElseThrow())
                                .toList())
                        .containsAll(element.getTarget().stream()
                                .map(ConceptMap.TargetElementComponent::getCode)
                                .toList());
            }
        }
        softly.assertAll();
    }

    @Test
    void metadataInTerminologyModeListsEveryCodeSystemWithItsVersionAndTheExpansionParameters() throws Exception {
        TerminologyCapabilities capabilities = get(TerminologyCapabilities.class, "/metadata?mode=terminology");
        for (Path file : codeSystems().toList()) {
            CodeSystem codeSystem = read(CodeSystem.class, file);
            assertThat(capabilities.getCodeSystem())
                    .filteredOn(c -> c.getUri().equals(codeSystem.getUrl()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.getVersion())
                            .extracting(v -> v.getCode())
                            .isEqualTo(codeSystem.hasVersion() ? List.of(codeSystem.getVersion()) : List.of()));
        }
        assertThat(capabilities.getExpansion().getParameter())
                .extracting(p -> p.getName())
                .contains("filter", "offset", "count", "includeDesignations");
        assertThat(capabilities.getExpansion().getPaging()).isTrue();
        assertThat(capabilities.getSoftware().getName()).isEqualTo("OncoFHIR");
    }

    @Test
    void theCapabilityStatementSaysWhoWeAreAndWhatTheHl7ValidatorChecksBeforeUsingUsAsItsTerminologyServer()
            throws Exception {
        CapabilityStatement statement = get(CapabilityStatement.class, "/metadata");
        assertThat(statement.getSoftware().getName()).isEqualTo("OncoFHIR");
        assertThat(statement.getSoftware().getVersion())
                .as("OncoFHIR's version, not HAPI's")
                .isEqualTo(build.getVersion())
                .isNotEqualTo(ca.uhn.fhir.util.VersionUtil.getVersion());
        assertThat(statement.getInstantiates())
                .extracting(c -> c.getValue())
                .contains("http://hl7.org/fhir/CapabilityStatement/terminology-server");
        assertThat(
                        statement
                                .getExtensionsByUrl(
                                        "http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature")
                                .stream()
                                .map(f -> f.getExtensionString("definition"))
                                .toList())
                .contains(
                        "http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version",
                        "http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter");
        List<String> operations = new ArrayList<>();
        statement.getRestFirstRep().getOperation().forEach(o -> operations.add(o.getName()));
        statement.getRestFirstRep().getResource().forEach(r -> r.getOperation()
                .forEach(o -> operations.add(r.getType() + "/" + o.getName())));
        assertThat(operations)
                .as("no operation this configuration switches off is listed")
                .noneMatch(o -> o.endsWith("expunge") || o.endsWith("reindex-terminology"))
                .contains("ValueSet/expand", "CodeSystem/lookup", "CodeSystem/subsumes", "ConceptMap/translate");
        assertThat(operations.stream().filter(o -> o.equals("CodeSystem/lookup")))
                .hasSize(1);
    }

    @Test
    void validateCodeAsTheHl7ValidatorSendsIt() throws Exception {
        ValueSet inline = read(ValueSet.class, Path.of("terminology/ValueSet-her2-ihc-score.json"));
        Parameters request = new Parameters()
                .addParameter("codeableConcept", new CodeableConcept(new Coding("http://loinc.org", "LA11843-2", "3+")))
                .addParameter("displayLanguage", "en")
                .addParameter("default-to-latest-version", true)
                .addParameter("cache-id", "7b1d6b7e-1f2a-4c0e-9a55-0d1b2c3d4e5f")
                .addParameter("diagnostics", true);
        request.addParameter().setName("valueSet").setResource(inline);
        request.addParameter()
                .setName("tx-resource")
                .setResource(read(CodeSystem.class, Path.of("terminology/CodeSystem-loinc-fragment.json")));
        Parameters valid = post(Parameters.class, "/ValueSet/$validate-code?", request);
        assertThat(result(valid)).isTrue();
        assertThat(valid.getParameter("issues")).isNull();

        Parameters wrongDisplay = post(
                Parameters.class,
                "/CodeSystem/$validate-code?",
                new Parameters().addParameter("coding", new Coding("http://loinc.org", "LA11843-2", "2+")));
        assertThat(result(wrongDisplay)).isFalse();
        OperationOutcome issues =
                (OperationOutcome) wrongDisplay.getParameter("issues").getResource();
        assertThat(issues.getIssueFirstRep().getExpression())
                .extracting(e -> e.getValue())
                .containsExactly("Coding.display");
        assertThat(issues.getIssueFirstRep().getDetails().getCodingFirstRep().getCode())
                .isEqualTo("invalid-display");

        Parameters outsideTheFragment = post(
                Parameters.class,
                "/CodeSystem/$validate-code?",
                new Parameters().addParameter("coding", new Coding("http://loinc.org", "2160-0", null)));
        assertThat(result(outsideTheFragment)).as("a warning, not a refusal").isTrue();
        assertThat(((OperationOutcome) outsideTheFragment.getParameter("issues").getResource())
                        .getIssueFirstRep()
                        .getSeverity())
                .isEqualTo(OperationOutcome.IssueSeverity.WARNING);

        Parameters localCode = post(
                Parameters.class,
                "/CodeSystem/$validate-code?",
                new Parameters()
                        .addParameter("coding", new Coding("http://hospital.example/lab-codes", "HER2-3", null)));
        assertThat(result(localCode)).isFalse();
        assertThat(localCode
                        .getParameter("x-caused-by-unknown-system")
                        .getValue()
                        .primitiveValue())
                .as("a system nobody here holds: no verdict on the code")
                .isEqualTo("http://hospital.example/lab-codes");

        ValueSet foreign = new ValueSet().setUrl("http://example.org/ValueSet/local-grades");
        foreign.getCompose().addInclude().setSystem("http://example.org/CodeSystem/grades");
        org.hl7.fhir.r4.model.CodeSystem grades = new org.hl7.fhir.r4.model.CodeSystem()
                .setUrl("http://example.org/CodeSystem/grades")
                .setContent(org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.COMPLETE);
        grades.addConcept().setCode("G2").setDisplay("Grade 2");
        Parameters sentAlong = new Parameters().addParameter("coding", new Coding(grades.getUrl(), "G2", null));
        sentAlong.addParameter().setName("valueSet").setResource(foreign);
        sentAlong.addParameter().setName("tx-resource").setResource(grades);
        assertThat(result(post(Parameters.class, "/ValueSet/$validate-code", sentAlong)))
                .as("a code system sent as tx-resource is used")
                .isTrue();
    }

    private <T extends IBaseResource> T read(Class<T> type, Path file) throws IOException {
        return fhirContext.newJsonParser().parseResource(type, Files.readString(file));
    }

    private static List<String> codes(ValueSet expansion) {
        return expansion.getExpansion().getContains().stream()
                .map(c -> c.getSystem() + "|" + c.getCode())
                .toList();
    }

    private static void refused(SoftAssertions softly, Parameters answer, String named) {
        softly.assertThat(result(answer)).isFalse();
        softly.assertThat(answer.getParameter("message").getValue().primitiveValue())
                .contains(named);
    }

    private static boolean result(Parameters parameters) {
        return ((BooleanType) parameters.getParameter("result").getValue()).booleanValue();
    }

    private <T extends IBaseResource> T get(Class<T> type, String path) throws IOException, InterruptedException {
        return parse(type, HttpRequest.newBuilder(URI.create(fhirBase() + path)));
    }

    private <T extends IBaseResource> T post(Class<T> type, String path, Parameters body)
            throws IOException, InterruptedException {
        return parse(
                type,
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(body))));
    }

    private <T extends IBaseResource> T parse(Class<T> type, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                request.header("Accept", "application/fhir+json")
                        .header("Authorization", "Bearer " + systemToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return fhirContext.newJsonParser().parseResource(type, response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
