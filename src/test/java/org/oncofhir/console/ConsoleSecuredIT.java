package org.oncofhir.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.Browser;
import org.oncofhir.testing.TestSecurity;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * With security on, the console is a client like any other: its page is public, but it reads nothing without the
 * user's FHIR token, sees only what that token allows, and every CDS call needs a CDS client's JWT of its own.
 */
@Tag("browser")
class ConsoleSecuredIT extends AbstractServerIT {

    private static final String THERAPY = "/cds-services/oncofhir-breast-therapy";

    private Browser browser;
    private String patientId;

    @BeforeEach
    void patientAndBrowser() {
        patientId = "console-" + UUID.randomUUID();
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.addName().setFamily("Secured").addGiven("Sara");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        client().update().resource(patient).execute();
        Observation lvef = new Observation();
        lvef.setStatus(Observation.ObservationStatus.FINAL);
        lvef.getCode().addCoding().setSystem("http://loinc.org").setCode("10230-1");
        lvef.setSubject(new Reference("Patient/" + patientId));
        lvef.getEffectiveDateTimeType().setValueAsString("2026-10-01");
        lvef.setValue(new Quantity()
                .setValue(61)
                .setUnit("%")
                .setSystem("http://unitsofmeasure.org")
                .setCode("%"));
        client().create().resource(lvef).execute();
        Condition cancer = new Condition();
        cancer.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("254837009");
        cancer.setSubject(new Reference("Patient/" + patientId));
        client().create().resource(cancer).execute();
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void enter(String field, String token) {
        browser.script("document.getElementById('access').open = true");
        WebElement box = browser.find("#" + field);
        box.clear();
        box.sendKeys(token, Keys.TAB);
    }

    private void search(String query) {
        WebElement search = browser.find("#patient-query");
        search.clear();
        search.sendKeys(query);
        browser.find("#patient-search button").click();
    }

    @Test
    void withoutATokenTheConsoleReadsNothingAndSaysWhy() {
        browser.open(baseUrl() + "/console/");
        String status = browser.textOf("#status", text -> text.startsWith("HTTP"));
        assertThat(status).startsWith("HTTP 401").contains("access token");
        assertThat(browser.find("#access").getAttribute("open")).isNotNull();
        browser.screenshot("console-secured-no-token");
    }

    @Test
    void withTokensItShowsThePatientAndTheCardsAndEachCdsCallNeedsItsOwnJwt() {
        browser.open(baseUrl() + "/console/");
        browser.textOf("#status", text -> text.startsWith("HTTP 401"));
        enter("fhir-token", TestSecurity.accessToken("system/*.cruds", null));
        browser.textOf("#status", text -> text.startsWith("Ready"));
        enter("cds-token", TestSecurity.token(baseUrl() + THERAPY));
        search(patientId);
        browser.find("button[data-patient='" + patientId + "']").click();
        browser.find("#cards[data-answered]");
        assertThat(browser.find("#biomarkers tr.current[data-marker='lvef']").getText())
                .contains("61 %");
        assertThat(browser.all("#cards article.card")).isNotEmpty();
        assertThat(browser.find("#cds-token").getAttribute("value"))
                .as("a CDS token is single-use: cleared once sent")
                .isEmpty();
        browser.screenshot("console-secured");

        WebElement card = browser.find("#cards article.card");
        card.findElement(By.cssSelector("button.accept")).click();
        String outcome = browser.until(d -> {
            String text = card.findElement(By.cssSelector(".outcome")).getText();
            return text.contains("feedback") ? text : null;
        });
        assertThat(outcome)
                .as("the drafts are stored with the FHIR token; the feedback needs a CDS token of its own")
                .startsWith("Accepted: ")
                .contains("feedback not sent: HTTP 401");
        assertThat(card.findElement(By.cssSelector("button.accept")).isEnabled())
                .isFalse();

        browser.find("#refresh-cards").click();
        assertThat(browser.textOf("#cards .error", text -> !text.isEmpty())).startsWith("HTTP 401");
    }

    @Test
    void aPatientTokenDoesNotOpenAnotherPatientsRecord() {
        browser.open(baseUrl() + "/console/");
        enter("fhir-token", TestSecurity.accessToken("patient/*.rs", "someone-else"));
        browser.textOf("#status", text -> text.startsWith("Ready"));
        search(patientId);
        assertThat(browser.textOf("#status", text -> text.contains("found") || text.startsWith("HTTP")))
                .satisfiesAnyOf(text -> assertThat(text).isEqualTo("0 patient(s) found"), text -> assertThat(text)
                        .startsWith("HTTP 403"));
        assertThat(browser.all("button[data-patient='" + patientId + "']")).isEmpty();
    }
}
