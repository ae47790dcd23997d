package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.List;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Status;

/** One evaluation: the facts, the derived phenotype, the knowledge, and the recommendations made so far. */
final class RuleContext {

    final ClinicalFacts facts;
    final Phenotype phenotype;
    final TherapyKnowledge knowledge;
    private final List<Recommendation> out = new ArrayList<>();

    RuleContext(ClinicalFacts facts, TherapyKnowledge knowledge) {
        this.facts = facts;
        this.phenotype = Phenotype.of(facts.biomarkers());
        this.knowledge = knowledge;
    }

    void add(String rule, Indicator indicator, String evidence, String summary, String reasoning,
            List<BiomarkerResult<?>> basis, List<Suggestion> suggestions, boolean alternatives) {
        out.add(new Recommendation(rule, indicator, summary, reasoning, knowledge.evidence(evidence), basis, suggestions,
                alternatives));
    }

    Suggestion regimen(String id, boolean recommended) {
        return Suggestion.regimen(knowledge.regimen(id), recommended);
    }

    List<Recommendation> recommendations() {
        return out;
    }

    String her2Text() {
        return her2Text(phenotype.her2().status());
    }

    static String her2Text(Her2Status status) {
        return switch (status) {
            case POSITIVE -> "HER2-positive";
            case LOW -> "HER2-low";
            case ULTRALOW -> "HER2-ultralow";
            case ZERO -> "HER2-0";
            case EQUIVOCAL_PENDING -> "HER2 equivocal (result pending)";
            case NEGATIVE_SCORE_NOT_REPORTED -> "HER2-negative (IHC score not reported)";
            case ZERO_OR_ULTRALOW -> "HER2 IHC 0 (ultralow not assessable)";
            case INDETERMINATE -> "HER2 indeterminate";
            case UNKNOWN -> "HER2 unknown";
        };
    }

    /** HR-positive with endocrine therapy on record: the DESTINY-Breast06 condition for HER2-low/ultralow. */
    boolean hormonePositiveAfterEndocrineTherapy() {
        return phenotype.hormonePositive() && facts.received(Rx.ENDOCRINE_TREATMENT);
    }

    /** Chemotherapy on record: the DESTINY-Breast04 condition for HER2-low. */
    boolean afterChemotherapy() {
        return facts.received(Rx.CHEMOTHERAPY);
    }

    String setting() {
        return facts.metastatic() ? "recurrent/metastatic" : "early";
    }
}
