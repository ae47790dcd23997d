package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.CdsCase;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.TherapyKnowledge;

/** Every resource any case's cards would create validates against base FHIR R4 and links up as the issue asks. */
class SuggestedResourcesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator validator;
    private final CardFactory cards = new CardFactory(DrugCatalogue.load(), TherapyKnowledge.load(), null);

    @BeforeAll
    static void validator() {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void createdResourcesAreValidR4AndCarePlansReferenceTheirMedicationRequests() {
        int validated = 0;
        for (CdsCase c : CdsCase.all()) {
            for (Recommendation r : CdsCasesTest.evaluate(c)) {
                CdsServiceResponseCardJson card = cards.card(r, c.patientId(), CdsCasesTest.TODAY);
                for (CdsServiceResponseSuggestionJson suggestion : card.getSuggestions() == null
                        ? List.<CdsServiceResponseSuggestionJson>of()
                        : card.getSuggestions()) {
                    List<IBaseResource> created = suggestion.getActions().stream()
                            .map(CdsServiceResponseSuggestionActionJson::getResource)
                            .filter(Objects::nonNull)
                            .toList();
                    for (IBaseResource resource : created) {
                        List<SingleValidationMessage> errors =
                                validator.validateWithResult(resource).getMessages().stream()
                                        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                                        .toList();
                        assertThat(errors)
                                .as(c.id() + " " + resource.fhirType())
                                .isEmpty();
                        validated++;
                    }
                    created.stream()
                            .filter(CarePlan.class::isInstance)
                            .map(CarePlan.class::cast)
                            .forEach(plan -> {
                                List<String> medicationRequests = created.stream()
                                        .filter(MedicationRequest.class::isInstance)
                                        .map(m -> "MedicationRequest/"
                                                + m.getIdElement().getIdPart())
                                        .toList();
                                assertThat(plan.getActivity().stream()
                                                .filter(a -> a.hasReference())
                                                .map(a -> a.getReference().getReference())
                                                .toList())
                                        .isEqualTo(medicationRequests);
                            });
                }
            }
        }
        assertThat(validated).isGreaterThan(100);
    }
}
