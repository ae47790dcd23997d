package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The clinical logic behind the CDS services, free of HTTP and storage: therapy suggestions and warnings for a
 * patient (patient-view), and checks of draft orders (order-select / order-sign). Results come most urgent first.
 */
public final class TherapyAdvisor {

    private final TherapyKnowledge knowledge;
    private final SitePolicy policy;

    public TherapyAdvisor(TherapyKnowledge knowledge) {
        this(knowledge, SitePolicy.DEFAULT);
    }

    public TherapyAdvisor(TherapyKnowledge knowledge, SitePolicy policy) {
        this.knowledge = knowledge;
        this.policy = policy;
    }

    public List<Recommendation> patientView(ClinicalFacts facts) {
        RuleContext c = new RuleContext(facts, knowledge, policy);
        if (!facts.breastCancer()) {
            if (!c.phenotype.her2AndHormoneBasis().isEmpty()) {
                c.card(Topic.RECORD, "no-breast-cancer-diagnosis", Indicator.INFO)
                        .evidence("asco-cap-her2")
                        .summary(
                                "Breast biomarker results on record but no breast cancer diagnosis: no therapy suggested")
                        .reasoning("Therapy suggestions need a breast cancer Condition for this patient (SNOMED CT "
                                + "254837009 or a descendant, ICD-10-CM or ICD-10 C50; the condition-facts ConceptMap "
                                + "lists the codes read).")
                        .basis(c.phenotype.her2AndHormoneBasis());
            }
            TestingRules.withdrawn(c);
            TestingRules.notUnderstood(c);
            return sorted(c);
        }
        TestingRules.apply(c);
        TestingRules.notUnderstood(c);
        Her2TherapyRules.apply(c);
        HormoneTherapyRules.apply(c);
        TnbcRules.apply(c);
        if (c.recommendations().stream().anyMatch(r -> r.suggestsAny(Rx.HER2_DIRECTED_BIOLOGICS))) {
            SafetyRules.apply(
                    c,
                    "the suggested HER2-directed therapy",
                    List.of(),
                    c.recommendations().stream().anyMatch(r -> r.suggestsAny(Set.of(Rx.T_DXD))));
        }
        return sorted(c);
    }

    public List<Recommendation> orderCheck(ClinicalFacts facts, List<DraftOrder> orders) {
        RuleContext c = new RuleContext(facts, knowledge, policy);
        OrderCheckRules.apply(c, orders);
        TestingRules.withdrawn(c);
        TestingRules.notUnderstood(c);
        return sorted(c);
    }

    private static List<Recommendation> sorted(RuleContext c) {
        List<Recommendation> all = new ArrayList<>(c.recommendations());
        all.sort(Comparator.comparing(Recommendation::indicator));
        return List.copyOf(all);
    }
}
