package org.oncofhir.cds;

import static org.oncofhir.codes.CodeSystems.RXNORM;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.cds.feedback.OverrideReasons;
import org.oncofhir.codes.CodeSystems;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.Suggestion;
import org.oncofhir.therapy.TestOrder;
import org.oncofhir.therapy.TherapyKnowledge;
import org.oncofhir.therapy.TherapyKnowledge.Regimen;

/**
 * Turns the rules' recommendations into CDS Hooks cards: markdown detail naming the status reached and every
 * Observation used, the evidence as source, and suggestions whose create actions hold draft MedicationRequests
 * (RxNorm, reasonReference to the results), a CarePlan tying them together with the regimen's period and monitoring,
 * ServiceRequests for tests, or delete actions for offending draft orders.
 */
final class CardFactory {

    static final String TOPIC_SYSTEM = CodeSystems.own("card-topic");
    static final String DOSAGE_PER_LABEL = "Dose and schedule per the US prescribing information";

    private final DrugCatalogue drugs;
    private final TherapyKnowledge knowledge;
    private final CdsServiceResponseLinkJson smartApp;

    /** @param smartApp a SMART app the deployment links every card to (type "smart"); null for none */
    CardFactory(DrugCatalogue drugs, TherapyKnowledge knowledge, CdsServiceResponseLinkJson smartApp) {
        this.drugs = drugs;
        this.knowledge = knowledge;
        this.smartApp = smartApp;
    }

    CdsServiceResponseCardJson card(Recommendation r, String patientId, LocalDate today) {
        CdsServiceResponseCardJson card = new CdsServiceResponseCardJson()
                .setUuid(UUID.randomUUID().toString())
                .setSummary(r.summary())
                .setIndicator(
                        switch (r.indicator()) {
                            case CRITICAL -> CdsServiceIndicatorEnum.CRITICAL;
                            case WARNING -> CdsServiceIndicatorEnum.WARNING;
                            case INFO -> CdsServiceIndicatorEnum.INFO;
                        })
                .setDetail(detail(r))
                .setSource(new CdsServiceResponseCardSourceJson()
                        .setLabel(r.evidence().label())
                        .setUrl(r.evidence().url())
                        .setTopic(new CdsServiceResponseCodingJson()
                                .setSystem(TOPIC_SYSTEM)
                                .setCode(r.topic().code())
                                .setDisplay(r.topic().display())));
        List<CdsServiceResponseLinkJson> links = new ArrayList<>();
        links.add(new CdsServiceResponseLinkJson()
                .setLabel(r.evidence().label())
                .setUrl(r.evidence().url())
                .setType("absolute"));
        r.suggestions().stream()
                .filter(suggestion -> suggestion.regimen() != null)
                .flatMap(suggestion -> suggestion.regimen().drugs().stream())
                .distinct()
                .forEach(drug -> {
                    TherapyKnowledge.PatientInfo info = knowledge.patientInfo(drug);
                    if (info != null && links.stream().noneMatch(l -> l.getUrl().equals(info.url()))) {
                        links.add(new CdsServiceResponseLinkJson()
                                .setLabel("For patients: " + info.label())
                                .setUrl(info.url())
                                .setType("absolute"));
                    }
                });
        if (smartApp != null) {
            links.add(smartApp);
        }
        card.setLinks(links);
        // Every card offers the same reasons, so feedback can hold any override to exactly what its card offered.
        card.setOverrideReasons(OverrideReasons.all().stream()
                .map(reason -> new CdsServiceResponseCodingJson()
                        .setSystem(OverrideReasons.SYSTEM)
                        .setCode(reason.code())
                        .setDisplay(reason.display()))
                .toList());
        for (Suggestion s : r.suggestions()) {
            card.addSuggestion(suggestion(s, r, patientId, today));
        }
        if (!r.suggestions().isEmpty()) {
            // CDS Hooks 2.0.1, Card: "If suggestions are present, selectionBehavior MUST also be provided."
            card.setSelectionBehaviour(r.alternatives() ? "at-most-one" : "any");
        }
        return card;
    }

    private static String detail(Recommendation r) {
        StringBuilder md = new StringBuilder(r.reasoning().replace("\n", "\n\n"));
        md.append("\n\n**Results used**");
        if (r.basis().isEmpty()) {
            md.append("\n\n- none on record");
        } else {
            md.append("\n");
            r.basis().forEach(b -> md.append("\n- ").append(b.citation()));
        }
        md.append("\n\n_Rule `")
                .append(r.rule())
                .append("`; evidence: ")
                .append(r.evidence().label())
                .append("._");
        return md.toString();
    }

    private CdsServiceResponseSuggestionJson suggestion(
            Suggestion s, Recommendation r, String patientId, LocalDate today) {
        CdsServiceResponseSuggestionJson suggestion = new CdsServiceResponseSuggestionJson()
                .setUuid(UUID.randomUUID().toString())
                .setLabel(s.label())
                .setRecommended(s.recommended());
        List<Reference> reasons = r.basis().stream()
                .map(BiomarkerResult::observationId)
                .filter(Objects::nonNull)
                .distinct()
                .map(Reference::new)
                .toList();
        if (s.regimen() != null) {
            regimen(s.regimen(), patientId, reasons, today).forEach(resource -> suggestion.addAction(create(resource)));
        }
        for (TestOrder test : s.tests()) {
            suggestion.addAction(create(serviceRequest(test, patientId, reasons, today)));
        }
        for (String order : s.deleteOrders()) {
            suggestion.addAction(new DeleteActionJson(s.label(), order));
        }
        return suggestion;
    }

    /** One MedicationRequest per drug, then the CarePlan whose activities reference them. */
    private List<Resource> regimen(Regimen regimen, String patientId, List<Reference> reasons, LocalDate today) {
        List<Resource> resources = new ArrayList<>();
        CarePlan plan = new CarePlan();
        plan.setId(UUID.randomUUID().toString());
        plan.setStatus(CarePlan.CarePlanStatus.DRAFT);
        plan.setIntent(CarePlan.CarePlanIntent.PROPOSAL);
        plan.setSubject(new Reference("Patient/" + patientId));
        plan.setTitle(regimen.title());
        plan.setDescription(regimen.title() + ". Evidence: "
                + knowledge.evidence(regimen.evidence()).label() + ".");
        plan.setCreatedElement(day(today));
        Period period = new Period().setStartElement(day(today));
        if (regimen.weeks() != null) {
            period.setEndElement(day(today.plusWeeks(regimen.weeks())));
        }
        plan.setPeriod(period);
        plan.setSupportingInfo(reasons);
        for (String rxnorm : regimen.drugs()) {
            MedicationRequest request = new MedicationRequest();
            request.setId(UUID.randomUUID().toString());
            request.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
            request.setIntent(MedicationRequest.MedicationRequestIntent.PROPOSAL);
            request.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, drugs.name(rxnorm))));
            request.setSubject(new Reference("Patient/" + patientId));
            request.setAuthoredOnElement(day(today));
            request.setReasonReference(reasons);
            String dosage = knowledge.dosage(rxnorm);
            request.addDosageInstruction().setText(dosage == null ? DOSAGE_PER_LABEL : dosage);
            request.addNote().setText(regimen.title());
            resources.add(request);
            plan.addActivity()
                    .setReference(new Reference(
                            "MedicationRequest/" + request.getIdElement().getIdPart()));
        }
        if (regimen.withTherapy() != null) {
            activity(plan, regimen.withTherapy());
        }
        regimen.monitoring().forEach(id -> activity(plan, knowledge.monitoringText(id)));
        resources.add(plan);
        return resources;
    }

    private static void activity(CarePlan plan, String description) {
        plan.addActivity()
                .getDetail()
                .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                .setDescription(description);
    }

    private static ServiceRequest serviceRequest(
            TestOrder test, String patientId, List<Reference> reasons, LocalDate today) {
        ServiceRequest request = new ServiceRequest();
        request.setId(UUID.randomUUID().toString());
        request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        request.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
        request.setCode(new CodeableConcept(new Coding(test.system(), test.code(), test.display())));
        request.setSubject(new Reference("Patient/" + patientId));
        request.setAuthoredOnElement(day(today));
        if (test.reason() != null) {
            request.addReasonCode().setText(test.reason());
        }
        request.setReasonReference(reasons);
        return request;
    }

    private static CdsServiceResponseSuggestionActionJson create(Resource resource) {
        return new CdsServiceResponseSuggestionActionJson()
                .setType("create")
                .setDescription("Create draft " + resource.fhirType())
                .setResource(resource);
    }

    private static DateTimeType day(LocalDate day) {
        return new DateTimeType(day.toString());
    }
}
