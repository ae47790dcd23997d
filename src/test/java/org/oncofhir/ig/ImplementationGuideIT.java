package org.oncofhir.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;

/** The implementation guide as people and tools reach it: pages at /ig/, the package, the guide resource. */
class ImplementationGuideIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static List<Path> packageFiles() throws IOException {
        try (Stream<Path> terminology = Files.list(Path.of("terminology"));
                Stream<Path> profiles = Files.list(Path.of("target/classes/oncofhir/profiles"))) {
            return Stream.concat(terminology, profiles)
                    .filter(p -> p.getFileName().toString().matches("[A-Z][A-Za-z]+-.*\\.json"))
                    .sorted()
                    .toList();
        }
    }

    private static WebClient browser() {
        WebClient browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        return browser;
    }

    @Test
    void theIndexLinksAPageForEveryResourceOfThePackageAndEachOpens() throws Exception {
        try (WebClient browser = browser()) {
            HtmlPage index = browser.getPage(baseUrl() + "/ig/");
            List<String> links = index.getAnchors().stream()
                    .map(HtmlAnchor::getHrefAttribute)
                    .toList();
            SoftAssertions softly = new SoftAssertions();
            for (Path file : packageFiles()) {
                MetadataResource resource =
                        (MetadataResource) fhirContext.newJsonParser().parseResource(Files.readString(file));
                if (resource instanceof ImplementationGuide) {
                    continue;
                }
                String page = resource.fhirType() + "-" + resource.getIdPart() + ".html";
                softly.assertThat(links).as("index links " + page).contains(page);
                HtmlPage opened = browser.getPage(baseUrl() + "/ig/" + page);
                softly.assertThat(opened.getTitleText()).isNotBlank();
            }
            softly.assertAll();
        }
    }

    @Test
    void everyProfilePageShowsEachConstraintsHumanTextAndLinksItsValueSets() throws Exception {
        try (WebClient browser = browser()) {
            SoftAssertions softly = new SoftAssertions();
            for (Path file : packageFiles()) {
                if (!file.getFileName().toString().startsWith("StructureDefinition-")) {
                    continue;
                }
                StructureDefinition profile =
                        fhirContext.newJsonParser().parseResource(StructureDefinition.class, Files.readString(file));
                HtmlPage page = browser.getPage(baseUrl() + "/ig/StructureDefinition-" + profile.getIdPart() + ".html");
                List<String> rules = page.getByXPath("//tr[@class='constraint']/td[@class='human']").stream()
                        .map(cell -> ((DomElement) cell).getTextContent().trim())
                        .toList();
                List<String> links = page.getAnchors().stream()
                        .map(HtmlAnchor::getHrefAttribute)
                        .toList();
                for (ElementDefinition element : profile.getSnapshot().getElement()) {
                    for (ElementDefinition.ElementDefinitionConstraintComponent constraint : element.getConstraint()) {
                        softly.assertThat(rules)
                                .as(profile.getId() + " " + constraint.getKey())
                                .contains(constraint.getHuman().trim());
                    }
                    if (element.hasBinding()
                            && element.getBinding().getValueSet().startsWith("http://oncofhir.org/fhir/ValueSet/")) {
                        String valueSet = element.getBinding().getValueSet();
                        softly.assertThat(links)
                                .as(profile.getId() + " links its binding " + valueSet)
                                .contains("ValueSet-" + valueSet.substring(valueSet.lastIndexOf('/') + 1) + ".html");
                    }
                }
            }
            softly.assertAll();
        }
    }

    @Test
    void valueSetPagesShowTheirExpansion() throws Exception {
        try (WebClient browser = browser()) {
            HtmlPage page = browser.getPage(baseUrl() + "/ig/ValueSet-er-result.html");
            String text = page.asNormalizedText();
            assertThat(text).contains("LA6576-8", "260385009", "low-positive");
        }
    }

    @Test
    void thePackageDownloadIsTheBuiltPackage() throws Exception {
        Path built;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            built = files.filter(p -> p.getFileName().toString().matches("oncofhir-ig-.*\\.tgz"))
                    .findFirst()
                    .orElseThrow();
        }
        HttpResponse<byte[]> download = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/ig/package.tgz"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readAllBytes(built));
    }

    @Test
    void theCapabilityStatementNamesTheGuideWhosePagesAllOpen() throws Exception {
        CapabilityStatement statement =
                client().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(statement.getImplementationGuide())
                .extracting(c -> c.getValue())
                .contains("http://oncofhir.org/fhir/ImplementationGuide/oncofhir");
        HttpResponse<String> published = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/ig/ImplementationGuide-oncofhir.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        ImplementationGuide guide =
                fhirContext.newJsonParser().parseResource(ImplementationGuide.class, published.body());
        assertThat(guide.getUrl()).isEqualTo("http://oncofhir.org/fhir/ImplementationGuide/oncofhir");
        assertThat(guide.getDefinition().getResource()).hasSizeGreaterThan(40);
        for (ImplementationGuide.ImplementationGuideDefinitionPageComponent page :
                guide.getDefinition().getPage().getPage()) {
            String name = page.getNameUrlType().getValue();
            HttpResponse<Void> opened = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/ig/" + name))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(opened.statusCode()).as(name).isEqualTo(200);
        }
    }
}
