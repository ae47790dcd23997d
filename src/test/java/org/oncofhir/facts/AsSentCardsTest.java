package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.Suggestion;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;

/**
 * Each as-sent variant inside a breast-cancer patient's record ({@code canonical/baseline*.json}, one where the fact
 * decides something) gives the same cards as the same fact in OncoFHIR's canonical coding, and other cards than the
 * record without it; a variant the reader cannot understand is named on a card.
 */
class AsSentCardsTest {

    private static final TherapyAdvisor ADVISOR = new TherapyAdvisor(TherapyKnowledge.load());
    private static final Recognition R = Recognition.standard();
    /** The marker a part belongs to: a percent or a score replaces the baseline's result of its marker. */
    private static final Map<Fact, Fact> MARKER_OF_PART = Map.of(
            Fact.ER_PERCENT, Fact.ER,
            Fact.PR_PERCENT, Fact.PR,
            Fact.HER2_ISH_RATIO, Fact.HER2_ISH,
            Fact.HER2_ISH_COPIES, Fact.HER2_ISH,
            Fact.PDL1_CPS, Fact.PDL1,
            Fact.PDL1_TPS, Fact.PDL1,
            Fact.PDL1_IC, Fact.PDL1,
            Fact.DISTANT_METASTASIS_CATEGORY, Fact.STAGE_GROUP);
    /** A record in which the fact decides something: HER2-positive, HR-positive early disease unless named here. */
    private static final Map<Fact, String> BASELINES =
            Map.of(Fact.HER2_ISH, "baseline-her2-equivocal.json", Fact.PDL1, "baseline-metastatic-tnbc.json");
    /**
     * Facts that give the cards of their absence: "not pregnant" (no pregnancy on record), and a PD-L1 result that
     * cannot decide pembrolizumab (an SP142 score, a 22C3 result without CPS: test 22C3 CPS, as with none).
     */
    private static final Set<String> SAME_AS_ABSENT =
            Set.of("not-pregnant.json", "pdl1-sp142-ic-1.json", "pdl1-22c3-unscored.json");

    static Stream<AsSentFactsTest.Row> comparable() throws IOException {
        return AsSentFactsTest.rows().filter(row -> !"-".equals(row.canonical()));
    }

    static Stream<AsSentFactsTest.Row> notUnderstood() throws IOException {
        return AsSentFactsTest.rows().filter(row -> row.unread() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comparable")
    void givesTheCardsOfItsCanonicalCoding(AsSentFactsTest.Row row) throws IOException {
        List<Resource> variant = AsSentFactsTest.resources(AsSentFactsTest.DIR.resolve(row.file()));
        List<Resource> canonical = AsSentFactsTest.resources(
                AsSentFactsTest.DIR.resolve("canonical").resolve(row.canonical()));

        List<String> cards = cards(inRecord(variant, canonical));
        assertThat(cards)
                .as("cards of " + row.file() + " and of canonical/" + row.canonical())
                .isEqualTo(cards(inRecord(canonical, variant)));
        if (!SAME_AS_ABSENT.contains(row.canonical())) {
            List<Resource> both =
                    Stream.concat(variant.stream(), canonical.stream()).toList();
            assertThat(cards).as("the fact changes the cards").isNotEqualTo(cards(inRecord(List.of(), both)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUnderstood")
    void namesWhatItCouldNotRead(AsSentFactsTest.Row row) throws IOException {
        List<Resource> variant = AsSentFactsTest.resources(AsSentFactsTest.DIR.resolve(row.file()));
        List<Recommendation> cards = ADVISOR.patientView(
                AsSentFactsTest.READER.read(PatientRecord.of("p", inRecord(variant, variant)), AsSentFactsTest.TODAY));

        assertThat(cards)
                .filteredOn(card -> card.rule().equals("record-not-understood"))
                .singleElement()
                .satisfies(card -> assertThat(card.reasoning()).contains("not"));
    }

    /** The baseline record without the results the variant (or its counterpart) replaces, plus the variant. */
    private static List<Resource> inRecord(List<Resource> resources, List<Resource> counterpart) throws IOException {
        Set<Fact> replaced = EnumSet.noneOf(Fact.class);
        Stream.concat(resources.stream(), counterpart.stream()).forEach(r -> replaced.addAll(facts(r)));
        String baseline = replaced.stream()
                .map(BASELINES::get)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("baseline.json");
        List<Resource> record = new ArrayList<>();
        for (Resource r : AsSentFactsTest.resources(
                AsSentFactsTest.DIR.resolve("canonical").resolve(baseline))) {
            if (facts(r).stream().noneMatch(replaced::contains)) {
                record.add(r);
            }
        }
        record.addAll(resources);
        return record;
    }

    private static Set<Fact> facts(Resource resource) {
        Set<Fact> facts = EnumSet.noneOf(Fact.class);
        if (resource instanceof Observation o) {
            Stream.of(Fact.values()).filter(f -> R.means(o.getCode(), f)).forEach(facts::add);
        } else if (resource instanceof Condition c) {
            Stream.of(Fact.values()).filter(f -> R.means(c.getCode(), f)).forEach(facts::add);
            if (DiagnosisReader.isSecondaryCancer(c)) {
                facts.add(Fact.METASTATIC_DISEASE);
            }
        }
        Set<Fact> markers = facts.stream()
                .map(f -> MARKER_OF_PART.getOrDefault(f, f))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Fact.class)));
        facts.addAll(markers);
        if (facts.contains(Fact.METASTATIC_DISEASE)) {
            facts.add(Fact.STAGE_GROUP);
        }
        return facts;
    }

    /** A card as a clinician meets it, apart from its wording: rule, urgency, and the drugs of each suggestion. */
    private static List<String> cards(List<Resource> record) {
        return ADVISOR
                .patientView(AsSentFactsTest.READER.read(PatientRecord.of("p", record), AsSentFactsTest.TODAY))
                .stream()
                .map(card -> card.rule() + " " + card.indicator() + " "
                        + card.suggestions().stream()
                                .map(Suggestion::regimen)
                                .filter(Objects::nonNull)
                                .map(regimen ->
                                        regimen.drugs().stream().sorted().toList())
                                .toList())
                .sorted()
                .toList();
    }
}
