package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;

/** $expand, $validate-code and $lookup answered offline from the packaged terminology. */
class TerminologyOperationsIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VS = "http://oncofhir.org/fhir/ValueSet/";

    @Test
    void expandsTheHer2IhcScoreValueSet() throws Exception {
        ValueSet expanded = get(ValueSet.class, "/ValueSet/$expand?url=" + enc(VS + "her2-ihc-score"));
        assertThat(expanded.getExpansion().getContains())
                .extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactlyInAnyOrder("LA6111-4", "LA11841-6", "LA11842-4", "LA11843-2", "LA11884-6");
    }

    @Test
    void expandsADrugValueSetWithRxNormIngredients() throws Exception {
        ValueSet expanded = get(ValueSet.class, "/ValueSet/$expand?url=" + enc(VS + "her2-directed-drugs"));
        assertThat(expanded.getExpansion().getContains())
                .extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .contains("224905", "1298944", "1371041", "2267582");
    }

    @Test
    void valueSetValidateCode() throws Exception {
        Parameters ok = get(
                Parameters.class,
                "/ValueSet/$validate-code?url=" + enc(VS + "ish-method") + "&system=" + enc("http://snomed.info/sct")
                        + "&code=1303773004");
        assertThat(result(ok)).isTrue();

        Parameters wrong = get(
                Parameters.class,
                "/ValueSet/$validate-code?url=" + enc(VS + "her2-ihc-score") + "&system=" + enc("http://loinc.org")
                        + "&code=LA6576-8");
        assertThat(result(wrong)).isFalse();
        assertThat(wrong.getParameter("message").getValue().primitiveValue()).contains("LA6576-8");

        Parameters unknownSystem = get(
                Parameters.class,
                "/ValueSet/$validate-code?url=" + enc(VS + "her2-ihc-score") + "&system="
                        + enc("http://example.org/nowhere") + "&code=3+");
        assertThat(result(unknownSystem)).isFalse();
    }

    @Test
    void codeSystemValidateCode() throws Exception {
        Parameters ok = get(
                Parameters.class,
                "/CodeSystem/$validate-code?url=" + enc("http://oncofhir.org/fhir/CodeSystem/her2-status")
                        + "&code=ultralow");
        assertThat(result(ok)).isTrue();
        assertThat(ok.getParameter("display").getValue().primitiveValue()).isEqualTo("HER2-ultralow");

        Parameters unknown = get(
                Parameters.class,
                "/CodeSystem/$validate-code?url=" + enc("http://oncofhir.org/fhir/CodeSystem/her2-status")
                        + "&code=super-positive");
        assertThat(result(unknown)).isFalse();
    }

    @Test
    void lookupGivesDisplaysOfLoincSnomedAndRxNorm() throws Exception {
        assertThat(display("http://loinc.org", "85319-2"))
                .isEqualTo("HER2 [Presence] in Breast cancer specimen by Immune stain");
        assertThat(display("http://snomed.info/sct", "787998006")).isEqualTo("Silver in situ hybridization technique");
        assertThat(display("http://www.nlm.nih.gov/research/umls/rxnorm", "224905"))
                .isEqualTo("trastuzumab");
        // Every code the recognition ConceptMaps read is in the fragments too.
        assertThat(display("http://loinc.org", "8812-0"))
                .isEqualTo("Left ventricular Ejection fraction by Nuclear blood pool");
        assertThat(display("http://snomed.info/sct", "94222008"))
                .isEqualTo("Secondary malignant neoplasm of bone (disorder)");
        assertThat(display("http://www.nlm.nih.gov/research/umls/rxnorm", "3995"))
                .isEqualTo("epirubicin");
    }

    @Test
    void lookupOfUnknownCodeIsAClientErrorWithOperationOutcome() throws Exception {
        HttpResponse<String> response = send("/CodeSystem/$lookup?system=" + enc("http://loinc.org") + "&code=99999-9");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(fhirContext.newJsonParser().parseResource(response.body())).isInstanceOf(OperationOutcome.class);
    }

    @Test
    void translateAnswersWhatASentCodingMeansToTheRules() throws Exception {
        Parameters icd = get(
                Parameters.class,
                "/ConceptMap/$translate?url=" + enc("http://oncofhir.org/fhir/ConceptMap/condition-facts") + "&system="
                        + enc("http://hl7.org/fhir/sid/icd-10-cm") + "&code=C50.912");
        assertThat(result(icd)).isTrue();
        assertThat(icd.getParameters("match").stream()
                        .flatMap(match -> match.getPart().stream())
                        .filter(part -> part.getName().equals("concept"))
                        .map(part -> part.getValue().primitiveValue() == null
                                ? ((org.hl7.fhir.r4.model.Coding) part.getValue()).getCode()
                                : part.getValue().primitiveValue()))
                .contains("breast-cancer");

        Parameters lvef = get(
                Parameters.class,
                "/ConceptMap/$translate?url=" + enc("http://oncofhir.org/fhir/ConceptMap/observation-facts")
                        + "&system=" + enc("http://loinc.org") + "&code=8812-0");
        assertThat(result(lvef)).isTrue();

        Parameters regional = get(
                Parameters.class,
                "/ConceptMap/$translate?url=" + enc("http://oncofhir.org/fhir/ConceptMap/condition-facts") + "&system="
                        + enc("http://hl7.org/fhir/sid/icd-10-cm") + "&code=C77.9");
        assertThat(result(regional))
                .as("a lymph-node site that may be regional or distant is not mapped")
                .isFalse();
    }

    private String display(String system, String code) throws Exception {
        Parameters out = get(Parameters.class, "/CodeSystem/$lookup?system=" + enc(system) + "&code=" + enc(code));
        return out.getParameter("display").getValue().primitiveValue();
    }

    private static boolean result(Parameters parameters) {
        return ((BooleanType) parameters.getParameter("result").getValue()).booleanValue();
    }

    private <T extends IBaseResource> T get(Class<T> type, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return fhirContext.newJsonParser().parseResource(type, response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Accept", "application/fhir+json")
                        .header("Authorization", "Bearer " + systemToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
