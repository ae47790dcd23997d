package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.facts.PatientRecord;
import org.oncofhir.testing.CdsCase;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.SitePolicy;
import org.oncofhir.therapy.SitePolicy.Jurisdiction;
import org.oncofhir.therapy.Suggestion;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;

/** The label set in force decides what is offered: atezolizumab for PD-L1 SP142-positive metastatic TNBC in the EU only. */
class JurisdictionTest {

    private static final ClinicalFactsReader READER = new ClinicalFactsReader(DrugCatalogue.load());
    private static final TherapyKnowledge KNOWLEDGE = TherapyKnowledge.load();

    private static List<Recommendation> evaluate(String caseId, Jurisdiction jurisdiction) {
        CdsCase c = CdsCase.all().stream()
                .filter(x -> x.id().equals(caseId))
                .findFirst()
                .orElseThrow();
        TherapyAdvisor advisor = new TherapyAdvisor(KNOWLEDGE, new SitePolicy(jurisdiction, 7));
        var facts = READER.read(PatientRecord.of(c.patientId(), c.patientResources()), CdsCasesTest.TODAY);
        return c.isOrderCheck()
                ? advisor.orderCheck(facts, READER.draftOrders(c.draftOrders()))
                : advisor.patientView(facts);
    }

    @Test
    void atezolizumabForSp142PositiveMetastaticTnbcIsOfferedInTheEuOnly() {
        assertThat(evaluate("tnbc-metastatic-sp142-cannot-substitute", Jurisdiction.US))
                .extracting(Recommendation::rule)
                .doesNotContain("tnbc-metastatic-atezolizumab-eu");
        Recommendation eu = evaluate("tnbc-metastatic-sp142-cannot-substitute", Jurisdiction.EU).stream()
                .filter(r -> r.rule().equals("tnbc-metastatic-atezolizumab-eu"))
                .findFirst()
                .orElseThrow();
        assertThat(eu.evidence().id()).isEqualTo("tecentriq-eu");
        assertThat(eu.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.regimen().drugs()).containsExactly("1792776");
            assertThat(s.recommended()).isTrue();
        });
    }

    @Test
    void anAtezolizumabOrderIsWithdrawnInTheUsAndWithinLabelInTheEu() {
        assertThat(evaluate("order-atezolizumab", Jurisdiction.US))
                .extracting(Recommendation::rule)
                .containsExactly("order-atezolizumab-us");
        assertThat(evaluate("order-atezolizumab", Jurisdiction.EU)).isEmpty();
        assertThat(evaluate("order-pembrolizumab-hr-positive", Jurisdiction.EU))
                .extracting(Recommendation::rule)
                .doesNotContain("order-atezolizumab-us");
    }

    @ParameterizedTest
    @EnumSource(Jurisdiction.class)
    void noCaseIsOfferedARegimenItsJurisdictionDoesNotAuthorise(Jurisdiction jurisdiction) {
        for (CdsCase c : CdsCase.all()) {
            evaluate(c.id(), jurisdiction).stream()
                    .flatMap(r -> r.suggestions().stream())
                    .map(Suggestion::regimen)
                    .filter(r -> r != null)
                    .forEach(regimen -> assertThat(regimen.authorisedIn(jurisdiction))
                            .as(c.id() + ": " + regimen.id())
                            .isTrue());
        }
    }
}
