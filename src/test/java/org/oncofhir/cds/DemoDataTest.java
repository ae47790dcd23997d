package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.facts.PatientRecord;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;

/** The demo bundle: at least ten patients, each with cards, spanning the phenotypes the services handle. */
class DemoDataTest {

    /** The patient-view cards of every demo patient, by patient id. */
    static Map<String, List<Recommendation>> demoPatientViews() {
        Bundle bundle;
        try (InputStream in =
                DemoDataTest.class.getClassLoader().getResourceAsStream("oncofhir/demo/demo-patients.json")) {
            bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Resource> resources = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
        ClinicalFactsReader reader = new ClinicalFactsReader(DrugCatalogue.load());
        TherapyAdvisor advisor = new TherapyAdvisor(TherapyKnowledge.load());
        Map<String, List<Recommendation>> views = new LinkedHashMap<>();
        resources.stream()
                .filter(r -> r.fhirType().equals("Patient"))
                .map(r -> r.getIdElement().getIdPart())
                .forEach(patient -> views.put(
                        patient,
                        advisor.patientView(reader.read(
                                PatientRecord.of(
                                        patient,
                                        resources.stream()
                                                .filter(r -> r.getIdElement()
                                                        .getIdPart()
                                                        .startsWith(patient + "-"))
                                                .toList()),
                                CdsCasesTest.TODAY))));
        return views;
    }

    @Test
    void demoPatientsSpanThePhenotypes() {
        Map<String, List<Recommendation>> views = demoPatientViews();

        Set<String> rules = new HashSet<>();
        views.forEach((patient, cards) -> {
            assertThat(cards).as(patient).isNotEmpty();
            cards.forEach(r -> rules.add(r.rule()));
        });
        assertThat(views.keySet()).hasSizeGreaterThanOrEqualTo(10).contains("demo-her2-early");
        assertThat(rules)
                .contains(
                        "her2-early-tp",
                        "her2-residual-tdm1",
                        "her2-metastatic-later-line",
                        "her2-ihc2-needs-ish",
                        "her2-low-ultralow-tdxd",
                        "tnbc-metastatic-pembrolizumab",
                        "tnbc-early-pembrolizumab",
                        "endocrine-therapy",
                        "retest-at-recurrence",
                        "lvef-low",
                        "pregnancy-her2-therapy",
                        "discordant-results");
    }
}
