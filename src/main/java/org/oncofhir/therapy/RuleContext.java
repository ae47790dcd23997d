package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Status;

/** One evaluation: the facts, the derived phenotype, the knowledge, and the cards given so far. */
final class RuleContext {

    final ClinicalFacts facts;
    final Phenotype phenotype;
    final TherapyKnowledge knowledge;
    final SitePolicy policy;
    final Timeline timeline;
    private final List<Card> cards = new ArrayList<>();

    RuleContext(ClinicalFacts facts, TherapyKnowledge knowledge, SitePolicy policy) {
        this.policy = policy;
        this.timeline = new Timeline(facts);
        this.facts = facts;
        this.phenotype = Phenotype.of(facts.biomarkers());
        this.knowledge = knowledge;
    }

    /**
     * Gives a card, named field by field as the guideline table reads:
     * {@code c.card(Topic.BIOMARKER_TESTING, "her2-ihc2-needs-ish", WARNING).evidence("asco-cap-her2").summary(...).reasoning(...)
     * .basis(...).suggest(...)}, with {@code .alternatives()} where its suggestions are alternatives to choose from.
     */
    Card card(Topic topic, String rule, Indicator indicator) {
        Card card = new Card(topic, rule, indicator);
        cards.add(card);
        return card;
    }

    /** A regimen to suggest; one the jurisdiction's labels do not authorise is a rule error, never a card. */
    Suggestion regimen(String id, boolean recommended) {
        TherapyKnowledge.Regimen regimen = knowledge.regimen(id);
        if (!regimen.authorisedIn(policy.jurisdiction())) {
            throw new IllegalStateException(id + " is not authorised in " + policy.jurisdiction());
        }
        return Suggestion.regimen(regimen, recommended);
    }

    /**
     * The cards as they go out. Safety comes first by construction: a drug a critical or warning card holds is never
     * in a recommended suggestion of the same response; such a suggestion is still offered, not recommended, with
     * the condition in its label.
     */
    List<Recommendation> recommendations() {
        Map<String, String> held = new LinkedHashMap<>();
        cards.stream()
                .filter(card -> card.indicator != Indicator.INFO)
                .forEach(card -> card.holds.forEach(drug -> held.merge(drug, card.until, (a, b) -> a + "; " + b)));
        return cards.stream().map(card -> card.recommendation(held)).toList();
    }

    /** One card as a rule builds it; it is part of the evaluation from {@link #card} on. */
    final class Card {

        private final Topic topic;
        private final String rule;
        private final Indicator indicator;
        private String evidence;
        private String summary;
        private String reasoning;
        private List<BiomarkerResult<?>> basis = List.of();
        private List<Suggestion> suggestions = List.of();
        private boolean alternatives;
        private Set<String> holds = Set.of();
        private String until;

        private Card(Topic topic, String rule, Indicator indicator) {
            this.topic = topic;
            this.rule = rule;
            this.indicator = indicator;
        }

        /** The guideline or trial it rests on: an evidence id of the knowledge base. */
        Card evidence(String id) {
            this.evidence = id;
            return this;
        }

        Card summary(String text) {
            this.summary = text;
            return this;
        }

        Card reasoning(String text) {
            this.reasoning = text;
            return this;
        }

        /** The results the decision used. */
        Card basis(List<BiomarkerResult<?>> results) {
            this.basis = List.copyOf(results);
            return this;
        }

        Card suggest(Suggestion... options) {
            return suggest(List.of(options));
        }

        Card suggest(List<Suggestion> options) {
            this.suggestions = List.copyOf(options);
            return this;
        }

        /**
         * A safety card holds these drugs (RxNorm ingredients) back: no suggestion in the response may recommend
         * them; one that names them is offered only "until" the condition is met.
         */
        Card holds(Set<String> drugs, String until) {
            this.holds = Set.copyOf(drugs);
            this.until = until;
            return this;
        }

        /** The suggestions are alternatives: a clinician picks at most one. */
        Card alternatives() {
            return alternatives(true);
        }

        Card alternatives(boolean choice) {
            this.alternatives = choice;
            return this;
        }

        private Recommendation recommendation(Map<String, String> held) {
            Objects.requireNonNull(evidence, () -> rule + ": no evidence");
            Objects.requireNonNull(summary, () -> rule + ": no summary");
            Objects.requireNonNull(reasoning, () -> rule + ": no reasoning");
            return new Recommendation(
                    topic,
                    rule,
                    indicator,
                    summary,
                    reasoning,
                    knowledge.evidence(evidence),
                    basis,
                    suggestions.stream().map(s -> s.heldBack(held)).toList(),
                    alternatives,
                    holds);
        }
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

    /**
     * Endocrine therapy for metastatic HR-positive disease (DESTINY-Breast06: progression on endocrine therapy in
     * the metastatic setting; adjuvant endocrine therapy does not count).
     */
    Timeline.Placement endocrineForMetastaticDisease() {
        return phenotype.hormonePositive()
                ? timeline.metastatic(e -> e.gives(Rx.ENDOCRINE_TREATMENT), false)
                : Timeline.Placement.NO;
    }

    /**
     * Chemotherapy for metastatic disease, or a recurrence within 6 months of adjuvant chemotherapy
     * (DESTINY-Breast04).
     */
    Timeline.Placement chemotherapyForMetastaticDisease() {
        return timeline.metastatic(Exposure::chemotherapy, true);
    }

    String setting() {
        return facts.metastatic() ? "recurrent/metastatic" : "early";
    }
}
