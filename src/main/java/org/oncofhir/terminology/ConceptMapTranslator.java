package org.oncofhir.terminology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;

/** {@code ConceptMap/$translate} over the package's ConceptMaps, forwards (source to target) or in reverse. */
public final class ConceptMapTranslator {

    private final Map<String, ConceptMap> maps;
    private final BinaryOperator<String> display;

    ConceptMapTranslator(Collection<ConceptMap> maps, BinaryOperator<String> display) {
        this.maps = maps.stream().collect(Collectors.toMap(ConceptMap::getUrl, m -> m));
        this.display = display;
    }

    boolean has(String url) {
        return maps.containsKey(url);
    }

    /** One answer of a map: how the source relates to the concept, with the comment that cites the mapping's source. */
    public record Match(ConceptMapEquivalence equivalence, Coding concept, String comment, String source) {}

    /** The matches, and when there is none usable, the reason. */
    public record Translation(List<Match> matches, String message) {

        /** A match that says the concepts are unrelated does not translate the code. */
        public boolean result() {
            return matches.stream()
                    .anyMatch(m -> m.equivalence() != ConceptMapEquivalence.UNMATCHED
                            && m.equivalence() != ConceptMapEquivalence.DISJOINT);
        }
    }

    Translation translate(String url, Coding source, String targetSystem, boolean reverse) {
        ConceptMap map = maps.get(url);
        if (map == null) {
            throw new UnknownCodeException("OncoFHIR's package has no ConceptMap " + url);
        }
        if (!source.hasSystem() || !source.hasCode()) {
            throw new TerminologyRequestException("$translate needs a system and a code (or a coding)");
        }
        List<Match> matches = new ArrayList<>();
        for (ConceptMapGroupComponent group : map.getGroup()) {
            String from = reverse ? group.getTarget() : group.getSource();
            String to = reverse ? group.getSource() : group.getTarget();
            if (!source.getSystem().equals(from) || (targetSystem != null && !targetSystem.equals(to))) {
                continue;
            }
            for (SourceElementComponent element : group.getElement()) {
                for (TargetElementComponent target : element.getTarget()) {
                    String matchedCode = reverse ? target.getCode() : element.getCode();
                    if (!source.getCode().equals(matchedCode)) {
                        continue;
                    }
                    String code = reverse ? element.getCode() : target.getCode();
                    String shown = reverse ? element.getDisplay() : target.getDisplay();
                    Coding concept = new Coding(to, code, shown != null ? shown : display.apply(to, code));
                    matches.add(new Match(target.getEquivalence(), concept, target.getComment(), url));
                }
            }
        }
        return new Translation(
                matches,
                matches.isEmpty()
                        ? "No mapping for " + source.getSystem() + "#" + source.getCode() + " in " + url
                                + (targetSystem == null ? "" : " to " + targetSystem)
                        : null);
    }
}
