package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.RXNORM;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Exposure;

/** Medication history and draft orders, normalised to RxNorm ingredients through the drug catalogue. */
final class MedicationReader {

    private static final Recognition R = Recognition.standard();

    private final DrugCatalogue drugs;

    MedicationReader(DrugCatalogue drugs) {
        this.drugs = drugs;
    }

    /**
     * Ingredients of every therapy given or taken, whenever: requests not drafted or withdrawn, statements taken, and
     * administrations (an infusion centre may record nothing else), as {@link #exposures} places them.
     */
    static Set<String> ingredientsOf(List<Exposure> exposures) {
        return exposures.stream().flatMap(e -> e.ingredients().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Every therapy given or taken, with its dates: requests (authored, to the end of their validity period),
     * statements and administrations (effective[x]), and chemotherapy procedures (performed[x]).
     */
    List<Exposure> exposures(PatientRecord record) {
        List<Exposure> exposures = new ArrayList<>();
        record.medicationRequests().stream()
                .filter(MedicationReader::given)
                .forEach(r -> add(
                        exposures,
                        r,
                        r.getMedication(),
                        date(r.getAuthoredOnElement()),
                        r.getDispenseRequest().getValidityPeriod().hasEnd()
                                ? date(r.getDispenseRequest()
                                        .getValidityPeriod()
                                        .getEndElement())
                                : null));
        record.medicationStatements().stream()
                .filter(MedicationReader::taken)
                .forEach(s -> add(exposures, s, s.getMedication(), start(s.getEffective()), end(s.getEffective())));
        record.medicationAdministrations().stream()
                .filter(MedicationReader::administered)
                .forEach(a -> add(exposures, a, a.getMedication(), start(a.getEffective()), end(a.getEffective())));
        record.procedures().stream()
                .filter(MedicationReader::performed)
                .filter(p -> R.means(p.getCode(), Fact.CHEMOTHERAPY))
                .forEach(p ->
                        exposures.add(new Exposure(Set.of(), true, start(p.getPerformed()), end(p.getPerformed()))));
        return List.copyOf(exposures);
    }

    private void add(List<Exposure> exposures, DomainResource owner, Type medication, LocalDate start, LocalDate end) {
        Set<String> ingredients = new HashSet<>();
        rxnormCodes(owner, medication).forEach(code -> ingredients.addAll(drugs.ingredientsOf(code)));
        if (!ingredients.isEmpty()) {
            boolean chemotherapy =
                    ingredients.stream().anyMatch(code -> R.means(new Coding(RXNORM, code, null), Fact.CHEMOTHERAPY));
            exposures.add(new Exposure(ingredients, chemotherapy, start, end));
        }
    }

    /** The first day of effective[x] or performed[x]: a dateTime, or a Period's start. */
    private static LocalDate start(Type when) {
        if (when instanceof DateTimeType dateTime) {
            return date(dateTime);
        }
        return when instanceof Period period && period.hasStart() ? date(period.getStartElement()) : null;
    }

    /** The last day: the same dateTime, or a Period's end (null while ongoing). */
    private static LocalDate end(Type when) {
        if (when instanceof DateTimeType dateTime) {
            return date(dateTime);
        }
        return when instanceof Period period && period.hasEnd() ? date(period.getEndElement()) : null;
    }

    /** The day as written (a date, or a dateTime's own day whatever the server's time zone). */
    private static LocalDate date(BaseDateTimeType value) {
        return value == null || value.getValue() == null
                ? null
                : LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }

    /**
     * Medication records that name a drug OncoFHIR reasons about but carry no RxNorm code it knows (a local code,
     * a product code outside the catalogue): named, since they are not counted as therapy.
     */
    List<String> unrecognised(PatientRecord record) {
        Stream<Map.Entry<DomainResource, Type>> given = Stream.of(
                        record.medicationRequests().stream()
                                .filter(MedicationReader::given)
                                .map(r -> Map.entry((DomainResource) r, r.getMedication())),
                        record.medicationStatements().stream()
                                .filter(MedicationReader::taken)
                                .map(s -> Map.entry((DomainResource) s, s.getMedication())),
                        record.medicationAdministrations().stream()
                                .filter(MedicationReader::administered)
                                .map(a -> Map.entry((DomainResource) a, a.getMedication())))
                .flatMap(Function.identity());
        List<String> named = new ArrayList<>();
        given.forEach(entry -> {
            CodeableConcept concept = concept(entry.getKey(), entry.getValue());
            boolean known = concept != null
                    && rxnormCodes(entry.getKey(), entry.getValue()).stream()
                            .anyMatch(code -> !drugs.ingredientsOf(code).isEmpty());
            if (concept == null || known) {
                return;
            }
            String text = Stream.concat(
                            Stream.of(concept.getText()),
                            concept.getCoding().stream().map(Coding::getDisplay))
                    .filter(t -> t != null)
                    .collect(Collectors.joining(" "));
            drugs.ingredientNamedIn(text)
                    .ifPresent(ingredient -> named.add(entry.getKey().fhirType() + " "
                            + FhirFacts.describe(concept) + " names " + ingredient
                            + " but carries no RxNorm code OncoFHIR knows, so it is not counted as therapy."));
        });
        return named;
    }

    /** Ingredients of therapy still going on: active or on-hold requests, active statements. */
    Set<String> currentTherapy(PatientRecord record) {
        return ingredients(
                record,
                r -> r.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE
                        || r.getStatus() == MedicationRequest.MedicationRequestStatus.ONHOLD,
                s -> s.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE);
    }

    List<DraftOrder> draftOrders(List<MedicationRequest> requests) {
        return requests.stream()
                .map(r -> {
                    Set<String> ingredients = new HashSet<>();
                    rxnormCodes(r, r.getMedication()).forEach(code -> ingredients.addAll(drugs.ingredientsOf(code)));
                    String reference = "MedicationRequest/" + r.getIdElement().getIdPart();
                    return new DraftOrder(reference, medicationText(r), Set.copyOf(ingredients));
                })
                .toList();
    }

    private Set<String> ingredients(
            PatientRecord record, Predicate<MedicationRequest> requests, Predicate<MedicationStatement> statements) {
        Set<String> ingredients = new HashSet<>();
        Stream.concat(
                        record.medicationRequests().stream()
                                .filter(requests)
                                .map(r -> rxnormCodes(r, r.getMedication())),
                        record.medicationStatements().stream()
                                .filter(statements)
                                .map(s -> rxnormCodes(s, s.getMedication())))
                .flatMap(Set::stream)
                .forEach(code -> ingredients.addAll(drugs.ingredientsOf(code)));
        return Set.copyOf(ingredients);
    }

    /** medication[x] as a concept: itself, or the code of the contained Medication it references. */
    private static CodeableConcept concept(DomainResource owner, Type medication) {
        if (medication instanceof CodeableConcept cc) {
            return cc;
        }
        if (medication instanceof Reference ref
                && ref.getReference() != null
                && ref.getReference().startsWith("#")) {
            String id = ref.getReference().substring(1);
            return owner.getContained().stream()
                    .filter(r -> r instanceof Medication
                            && id.equals(r.getIdElement().getIdPart().replace("#", "")))
                    .map(r -> ((Medication) r).getCode())
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    /** RxNorm codes of medication[x]: a CodeableConcept, or a reference to a contained Medication. */
    private static Set<String> rxnormCodes(DomainResource owner, Type medication) {
        CodeableConcept concept = concept(owner, medication);
        if (concept == null) {
            return Set.of();
        }
        Set<String> codes = new HashSet<>();
        for (Coding c : concept.getCoding()) {
            if (RXNORM.equals(c.getSystem()) && c.hasCode()) {
                codes.add(c.getCode());
            }
        }
        return codes;
    }

    private static String medicationText(MedicationRequest r) {
        if (r.getMedication() instanceof CodeableConcept cc) {
            if (cc.hasText()) {
                return cc.getText();
            }
            Coding c = cc.getCodingFirstRep();
            return c.hasDisplay() ? c.getDisplay() + " (RxNorm " + c.getCode() + ")" : "RxNorm " + c.getCode();
        }
        return "MedicationRequest/" + r.getIdElement().getIdPart();
    }

    private static boolean given(MedicationRequest r) {
        return r.getStatus() != MedicationRequest.MedicationRequestStatus.ENTEREDINERROR
                && r.getStatus() != MedicationRequest.MedicationRequestStatus.CANCELLED
                && r.getStatus() != MedicationRequest.MedicationRequestStatus.DRAFT;
    }

    private static boolean administered(MedicationAdministration a) {
        return a.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
                && a.getStatus() != MedicationAdministration.MedicationAdministrationStatus.NOTDONE;
    }

    /** A procedure that took place, at least in part. */
    private static boolean performed(Procedure p) {
        return p.getStatus() == Procedure.ProcedureStatus.COMPLETED
                || p.getStatus() == Procedure.ProcedureStatus.INPROGRESS
                || p.getStatus() == Procedure.ProcedureStatus.ONHOLD
                || p.getStatus() == Procedure.ProcedureStatus.STOPPED;
    }

    private static boolean taken(MedicationStatement s) {
        return s.getStatus() != MedicationStatement.MedicationStatementStatus.ENTEREDINERROR
                && s.getStatus() != MedicationStatement.MedicationStatementStatus.NOTTAKEN;
    }
}
