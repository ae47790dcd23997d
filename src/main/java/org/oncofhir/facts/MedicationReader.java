package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.RXNORM;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.DrugCatalogue;

/** Medication history and draft orders, normalised to RxNorm ingredients through the drug catalogue. */
final class MedicationReader {

    private final DrugCatalogue drugs;

    MedicationReader(DrugCatalogue drugs) {
        this.drugs = drugs;
    }

    /**
     * Ingredients of every therapy given or taken, whenever: requests not drafted or withdrawn, statements taken, and
     * administrations (an infusion centre may record nothing else).
     */
    Set<String> priorTherapy(PatientRecord record) {
        Set<String> ingredients = new HashSet<>(ingredients(record, MedicationReader::given, MedicationReader::taken));
        record.medicationAdministrations().stream()
                .filter(MedicationReader::administered)
                .flatMap(a -> rxnormCodes(a, a.getMedication()).stream())
                .forEach(code -> ingredients.addAll(drugs.ingredientsOf(code)));
        return Set.copyOf(ingredients);
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

    /** RxNorm codes of medication[x]: a CodeableConcept, or a reference to a contained Medication. */
    private static Set<String> rxnormCodes(DomainResource owner, Type medication) {
        CodeableConcept concept = null;
        if (medication instanceof CodeableConcept cc) {
            concept = cc;
        } else if (medication instanceof Reference ref
                && ref.getReference() != null
                && ref.getReference().startsWith("#")) {
            String id = ref.getReference().substring(1);
            concept = owner.getContained().stream()
                    .filter(r -> r instanceof Medication
                            && id.equals(r.getIdElement().getIdPart().replace("#", "")))
                    .map(r -> ((Medication) r).getCode())
                    .findFirst()
                    .orElse(null);
        }
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

    private static boolean taken(MedicationStatement s) {
        return s.getStatus() != MedicationStatement.MedicationStatementStatus.ENTEREDINERROR
                && s.getStatus() != MedicationStatement.MedicationStatementStatus.NOTTAKEN;
    }
}
