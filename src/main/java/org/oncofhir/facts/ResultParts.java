package org.oncofhir.facts;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;

/**
 * The numeric parts of a result (ER percent, ISH ratio, PD-L1 score), sent as a component of the result or as an
 * Observation of their own: one the result names in {@code hasMember}, one {@code derivedFrom} it, or one from the
 * same specimen (the same day when neither names a specimen), as lab interfaces split one report into several.
 */
final class ResultParts {

    private static final Recognition R = Recognition.standard();

    private ResultParts() {}

    /** The part's number: from a component of the result, else from an Observation that belongs to it. */
    static Double number(Observation result, Fact part, List<Observation> all) {
        Double inComponent = result.getComponent().stream()
                .filter(c -> R.means(c.getCode(), part))
                .map(c -> number(c.getValue()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (inComponent != null) {
            return inComponent;
        }
        return all.stream()
                .filter(o -> o != result && R.means(o.getCode(), part) && belongsTo(o, result))
                .map(o -> number(o.getValue()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** A Quantity's value, or a Ratio's numerator over its denominator (MII sends the ISH ratio as valueRatio). */
    static Double number(org.hl7.fhir.r4.model.Type value) {
        if (value instanceof Quantity q && q.hasValue()) {
            return q.getValue().doubleValue();
        }
        if (value instanceof Ratio r
                && r.getNumerator().hasValue()
                && r.getDenominator().hasValue()
                && r.getDenominator().getValue().signum() != 0) {
            return r.getNumerator().getValue().doubleValue()
                    / r.getDenominator().getValue().doubleValue();
        }
        return null;
    }

    /** Whether the part Observation belongs to the result: linked either way, or same specimen or day. */
    static boolean belongsTo(Observation part, Observation result) {
        String resultId = id(result);
        String partId = id(part);
        boolean linked = resultId != null
                        && Stream.concat(part.getDerivedFrom().stream(), part.getHasMember().stream())
                                .map(ResultParts::target)
                                .anyMatch(resultId::equals)
                || partId != null
                        && Stream.concat(result.getHasMember().stream(), result.getDerivedFrom().stream())
                                .map(ResultParts::target)
                                .anyMatch(partId::equals);
        if (linked) {
            return true;
        }
        if (result.hasSpecimen() && part.hasSpecimen()) {
            return Objects.equals(target(result.getSpecimen()), target(part.getSpecimen()));
        }
        LocalDate day = day(result);
        return day != null && day.equals(day(part));
    }

    /** The part Observations that belong to one of the results: read with them, so not read again alone. */
    static Set<Observation> partsOf(List<Observation> results, Fact part, List<Observation> all) {
        return all.stream()
                .filter(o -> R.means(o.getCode(), part))
                .filter(o -> results.stream().anyMatch(r -> r != o && belongsTo(o, r)))
                .collect(Collectors.toSet());
    }

    private static LocalDate day(Observation o) {
        return Optional.ofNullable(FhirFacts.effective(o))
                .map(t -> t.toLocalDate())
                .orElse(null);
    }

    private static String id(Observation o) {
        return o.getIdElement().hasIdPart() ? "Observation/" + o.getIdElement().getIdPart() : null;
    }

    private static String target(Reference reference) {
        return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
    }
}
