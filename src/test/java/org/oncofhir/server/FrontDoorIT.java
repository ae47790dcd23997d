package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;

/** What a person with a browser meets: the landing page, the API explorer, CORS, highlighted FHIR responses. */
class FrontDoorIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private BuildProperties build;

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLandingPageSaysWhatThisIsWithItsVersionAndLinksThatOpen() throws Exception {
        try (WebClient browser = new WebClient()) {
            browser.getOptions().setCssEnabled(false);
            HtmlPage page = browser.getPage(baseUrl() + "/");
            browser.waitForBackgroundJavaScript(5_000);
            assertThat(page.getTitleText()).isEqualTo("OncoFHIR");
            assertThat(page.getElementById("version").getTextContent()).isEqualTo(build.getVersion());
            assertThat(page.getElementById("readiness").getTextContent()).isEqualTo("yes");
            for (String id : new String[] {"link-fhir", "link-terminology", "link-cds", "link-ig"}) {
                HtmlAnchor link = (HtmlAnchor) page.getElementById(id);
                HttpResponse<String> opened = get("/" + link.getHrefAttribute(), "Accept", "application/json");
                assertThat(opened.statusCode()).as(link.getHrefAttribute()).isEqualTo(200);
            }
        }
        HttpResponse<String> raw = get("/");
        assertThat(raw.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval"));
    }

    @Test
    void theApiExplorerDescribesTheFhirApiWithABearerTokenField() throws Exception {
        HttpResponse<String> docs = get("/fhir/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = new YAMLMapper().readTree(docs.body());
        assertThat(api.path("openapi").asText()).startsWith("3.");
        assertThat(api.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asText())
                .isEqualTo("bearer");
        assertThat(api.path("paths").has("/Observation")).isTrue();
        HttpResponse<String> ui = get("/fhir/swagger-ui/", "Accept", "text/html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
        assertThat(get("/v3/api-docs").statusCode())
                .as("springdoc, which cannot describe the FHIR servlet, is off")
                .isEqualTo(404);
    }

    @Test
    void theFhirApiAnswersCorsPreflightsAndCarriesCorsHeadersOnRefusals() throws Exception {
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://app.example.org")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://app.example.org");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(m -> assertThat(m).contains("POST"));

        HttpResponse<String> refused = get("/fhir/Patient", "Origin", "https://app.example.org");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.org");
    }

    @Test
    void aFhirUrlOpenedInABrowserShowsHighlightedJson() throws Exception {
        HttpResponse<String> page = get("/fhir/metadata", "Accept", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("html"));
        assertThat(page.body()).contains("CapabilityStatement");
    }
}
