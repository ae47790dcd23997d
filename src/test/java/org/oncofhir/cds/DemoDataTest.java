package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
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

    @Test
    void demoPatientsSpanThePhenotypes() throws Exception {
        Bundle bundle;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("oncofhir/demo/demo-patients.json")) {
            bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, in);
        }
        List<Resource> resources = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
        List<String> patients = resources.stream()
                .filter(r -> r.fhirType().equals("Patient"))
                .map(r -> r.getIdElement().getIdPart())
                .toList();
        ClinicalFactsReader reader = new ClinicalFactsReader(DrugCatalogue.load());
        TherapyAdvisor advisor = new TherapyAdvisor(TherapyKnowledge.load());

        Set<String> rules = new HashSet<>();
        for (String patient : patients) {
            List<Recommendation> cards = advisor.patientView(reader.read(
                    PatientRecord.of(
                            patient,
                            resources.stream()
                                    .filter(r -> r.getIdElement().getIdPart().startsWith(patient + "-"))
                                    .toList()),
                    CdsCasesTest.TODAY));
            assertThat(cards).as(patient).isNotEmpty();
            cards.forEach(r -> rules.add(r.rule()));
        }
        assertThat(patients).hasSizeGreaterThanOrEqualTo(10).contains("demo-her2-early");
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
