package org.oncofhir.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.Browser;
import org.oncofhir.testing.ServerInstance;
import org.oncofhir.testing.TestDatabase;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What a newcomer meets after the README's first command (the demo profile, security off, demo patients), in a real
 * browser: the landing page, the console's biomarker panel, plots and cards, accepting and overriding a card, an
 * order check, and data that tries to inject script. Screenshots land in target/screenshots/.
 */
@Tag("browser")
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerInstance server;
    private static Browser browser;

    @BeforeAll
    static void startDemoServerAndBrowser() throws Exception {
        browser = Browser.start();
        server = ServerInstance.start(TestDatabase.commandLine(TestDatabase.freshDatabase(), "demo"));
        server.awaitStatus("/actuator/health/readiness", 200);
        server.awaitStatus("/fhir/Patient/demo-her2-early", 200);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void openConsole() {
        browser.open(server.baseUrl() + "/console");
        browser.textOf("#status", text -> text.startsWith("Ready"));
    }

    private static void openPatient(String query, String id) {
        WebElement search = browser.find("#patient-query");
        search.clear();
        search.sendKeys(query);
        browser.find("#patient-search button").click();
        browser.find("button[data-patient='" + id + "']").click();
        browser.textOf("#status", text -> text.startsWith("Patient/" + id + ":"));
        browser.find("#cards[data-answered]");
    }

    private static String row(String marker) {
        return browser.find("#biomarkers tr.current[data-marker='" + marker + "']")
                .getText();
    }

    @Test
    void theLandingPageLeadsToEveryPartOfTheServer() throws Exception {
        browser.open(server.baseUrl() + "/");
        assertThat(browser.textOf("#readiness", "yes"::equals)).isEqualTo("yes");
        assertThat(browser.textOf("#version", text -> !text.equals("…"))).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(browser.textOf("#fhir-version", text -> !text.equals("…"))).isEqualTo("4.0.1");
        browser.screenshot("landing");
        for (String id : List.of("link-console", "link-explorer", "link-fhir", "link-cds", "link-ig")) {
            String href = browser.find("#" + id).getAttribute("href");
            HttpResponse<String> opened =
                    server.send(server.request(href.substring(server.baseUrl().length()), null)
                            .header("Accept", "text/html,*/*;q=0.8"));
            assertThat(opened.statusCode()).as(href).isEqualTo(200);
        }
        browser.find("#link-console").click();
        assertThat(browser.textOf("#status", text -> text.startsWith("Ready"))).startsWith("Ready");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.baseUrl() + "/console/");
    }

    @Test
    void aPatientsResultsAreShownAsAPanelAndAsPlots() {
        openConsole();
        openPatient("Santos", "demo-low-lvef");
        assertThat(row("lvef")).contains("49.9 %", "2026-10-01", "final");
        assertThat(browser.all("#biomarkers tr.superseded[data-marker='lvef']")).hasSize(2);
        assertThat(row("her2-ihc")).contains("2026-06-01");
        for (String chart : List.of("#lvef-chart", "#timeline-chart")) {
            assertThat(browser.find(chart + " canvas").getSize().getHeight()).isPositive();
        }
        assertThat(browser.find("#lvef-chart").getAttribute("data-points")).isEqualTo("3");
        assertThat(Integer.parseInt(browser.find("#timeline-chart").getAttribute("data-points")))
                .isGreaterThanOrEqualTo(3);
        assertThat(browser.find("#cards article.card.critical").getText()).contains("LVEF 49.9");
        browser.screenshot("console-low-lvef");

        openPatient("Lindqvist", "demo-er-low");
        assertThat(row("er")).contains("ER-low", "1 %");
        assertThat(row("pr")).doesNotContain("ER-low");

        openPatient("Cohen", "demo-discordant");
        assertThat(browser.all("#biomarkers tr.superseded[data-marker='her2-ihc']"))
                .hasSize(1);
        assertThat(browser.find("#biomarkers tr.superseded[data-marker='her2-ihc']")
                        .getText())
                .contains("3+", "2025-01-01", "superseded by the result of 2026-06-01");
        browser.screenshot("console-discordant");
    }

    @Test
    void acceptingASuggestionStoresItsDraftsAndOverridingACardSendsFeedback() throws Exception {
        openConsole();
        openPatient("Moreau", "demo-her2-early");
        browser.screenshot("console-cards");
        WebElement card = browser.until(d -> d.findElements(By.cssSelector("#cards article.card")).stream()
                .filter(c -> c.getText().contains("HER2-positive early breast cancer"))
                .findFirst()
                .orElse(null));
        WebElement suggestion = card.findElements(By.cssSelector(".suggestion")).stream()
                .filter(s -> s.getText().startsWith("Propose: Trastuzumab with or after chemotherapy"))
                .findFirst()
                .orElseThrow();
        assertThat(suggestion.getText())
                .as("isRecommended false: held until pregnancy status is verified")
                .doesNotContain("recommended")
                .contains("Create draft MedicationRequest", "Create draft CarePlan");
        assertThat(browser.textOf("#cards .suggestion", text -> text.startsWith("Order a pregnancy test")))
                .contains("recommended");
        assertThat(card.getText()).contains("Suggestions (choose").contains("Results used");
        assertThat(card.findElement(By.cssSelector(".markdown strong")).getText())
                .isEqualTo("Results used");
        suggestion.findElement(By.cssSelector("button.accept")).click();
        String outcome = browser.until(d -> {
            String text = card.findElement(By.cssSelector(".outcome")).getText();
            return text.contains("feedback sent") ? text : null;
        });
        assertThat(outcome).startsWith("Accepted: MedicationRequest/");

        JsonNode drafts = fhirSearch("/fhir/MedicationRequest?patient=demo-her2-early&status=draft");
        assertThat(drafts.path("entry").findValues("code").stream().map(JsonNode::asText))
                .contains("224905");
        String cardId = card.getAttribute("data-card");
        assertThat(feedbackFor(cardId)).anySatisfy(row -> {
            assertThat(row.path("outcome").asText()).isEqualTo("accepted");
            assertThat(row.path("acceptedSuggestions").asText()).contains(suggestion.getAttribute("data-suggestion"));
        });

        WebElement warning = browser.find("#cards article.card.warning");
        new Select(warning.findElement(By.cssSelector(".override select"))).selectByVisibleText("Already addressed");
        warning.findElement(By.cssSelector(".override input")).sendKeys("Tested last week");
        warning.findElement(By.cssSelector("button.override")).click();
        String overridden = browser.until(d -> {
            String text = warning.findElement(By.cssSelector(".outcome")).getText();
            return text.contains("feedback sent") ? text : null;
        });
        assertThat(overridden).startsWith("Overridden: Already addressed");
        assertThat(feedbackFor(warning.getAttribute("data-card"))).anySatisfy(row -> {
            assertThat(row.path("outcome").asText()).isEqualTo("overridden");
            assertThat(row.path("overrideReason").asText()).contains("already-addressed", "Tested last week");
        });
        browser.screenshot("console-accepted-overridden");
    }

    @Test
    void anOrderCheckForTrastuzumabOnAHer2NegativePatientGivesTheCriticalCard() {
        openConsole();
        openPatient("Okafor", "demo-tnbc-early");
        assertThat(row("her2-ish")).contains("Negative", "1.99");
        Select drug = new Select(browser.find("#order-drug"));
        drug.getOptions().stream()
                .filter(o -> o.getText().equals("trastuzumab (RxNorm 224905)"))
                .findFirst()
                .orElseThrow()
                .click();
        browser.find("#order-check button").click();
        WebElement critical = browser.find("#order-cards article.card.critical");
        assertThat(critical.getText()).contains("Anti-HER2 order", "HER2-positive");
        browser.screenshot("console-order-check");
    }

    @Test
    void markupInDataAndInCardsIsShownAsTextNeverRun() throws Exception {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"xss-patient\",\"name\":[{\"family\":"
                + "\"<img src=x onerror=window.injected=1>\",\"given\":[\"Eve\"]}]}";
        assertThat(server.put("/fhir/Patient/xss-patient", "application/fhir+json", patient, null)
                        .statusCode())
                .isIn(200, 201);
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{"
                + "\"system\":\"http://example.org/local-lab\",\"code\":\"X1\"}],"
                + "\"text\":\"<script>window.injected=2</script>\"},\"subject\":{\"reference\":\"Patient/xss-patient\"},"
                + "\"effectiveDateTime\":\"2026-11-01\",\"valueString\":\"<b onmouseover=window.injected=3>bold</b>\"}";
        assertThat(server.post("/fhir/Observation", "application/fhir+json", observation, null)
                        .statusCode())
                .isEqualTo(201);

        openConsole();
        openPatient("xss-patient", "xss-patient");
        assertThat(browser.find("#patient-name").getText()).isEqualTo("Eve <img src=x onerror=window.injected=1>");
        WebElement unrecognised = browser.find("#biomarkers tr.unrecognised");
        assertThat(unrecognised.getText())
                .contains("<script>window.injected=2</script>", "<b onmouseover=window.injected=3>bold</b>")
                .contains("code not recognised");
        assertThat(browser.all("#biomarkers script, #biomarkers b, #patient img"))
                .isEmpty();
        assertThat(browser.script(
                        "return Markdown.render('<img src=x onerror=window.injected=4> **a** [l](javascript:x)')"
                                + ".innerHTML"))
                .isEqualTo("<p>&lt;img src=x onerror=window.injected=4&gt; <strong>a</strong> l</p>");
        assertThat(browser.script("return window.injected === undefined")).isEqualTo(true);
        browser.screenshot("console-markup-as-text");
    }

    private static JsonNode fhirSearch(String path) throws Exception {
        HttpResponse<String> response = server.get(path, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<JsonNode> feedbackFor(String card) throws Exception {
        HttpResponse<String> response = server.get("/admin/cds-feedback?limit=1000", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(response.body()).forEach(rows::add);
        return rows.stream().filter(r -> r.path("card").asText().equals(card)).toList();
    }
}
