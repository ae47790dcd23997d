package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.oncofhir.cds.data.DataAccess;
import org.oncofhir.cds.data.PatientDataResolver;
import org.oncofhir.cds.feedback.FeedbackStore;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.facts.PatientRecord;
import org.oncofhir.server.OncoFhirProperties;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.TherapyAdvisor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 endpoints: discovery, the three services, and feedback. A service call is one pipeline: service
 * -> request ({@link CdsRequestReader}) -> data ({@link PatientDataResolver}) -> facts ({@link ClinicalFactsReader})
 * -> rules ({@link TherapyAdvisor}) -> cards ({@link CardFactory}).
 */
@ConditionalOnProperty(name = "oncofhir.cds.enabled", havingValue = "true", matchIfMissing = true)
@RestController
class CdsHooksController {

    private final ObjectMapper mapper;
    private final CdsRequestReader requests;
    private final PatientDataResolver resolver;
    private final ClinicalFactsReader reader;
    private final TherapyAdvisor advisor;
    private final CardFactory cards;
    private final FeedbackStore feedback;
    private final Clock clock;
    private final DataAccess unauthenticated;

    /** @param properties with security on, a call the client filter did not mark may read nothing */
    CdsHooksController(
            FhirContext fhirContext,
            PatientDataResolver resolver,
            ClinicalFactsReader reader,
            TherapyAdvisor advisor,
            CardFactory cards,
            FeedbackStore feedback,
            Clock clock,
            OncoFhirProperties properties) {
        this.mapper = FhirJsonModule.cdsHooksMapper(fhirContext);
        this.requests = new CdsRequestReader(mapper);
        this.resolver = resolver;
        this.reader = reader;
        this.advisor = advisor;
        this.cards = cards;
        this.feedback = feedback;
        this.clock = clock;
        this.unauthenticated = properties.security().enabled() ? DataAccess.NONE : DataAccess.OPEN;
    }

    @GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    String discovery() throws JsonProcessingException {
        List<CdsServiceDescriptor> services =
                Stream.of(CdsService.values()).map(CdsServiceDescriptor::of).toList();
        return mapper.writeValueAsString(Map.of("services", services));
    }

    @PostMapping(path = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String call(@PathVariable String id, HttpServletRequest http) throws IOException {
        CdsService service = service(id);
        CdsServiceRequestJson request = requests.serviceRequest(service, http.getContentType(), http.getInputStream());
        String patientId = requests.patientId(request);
        List<DraftOrder> orders =
                service.checksOrders() ? reader.draftOrders(requests.draftOrders(service, request)) : List.of();
        PatientRecord record = resolver.resolve(request, patientId, access(http));
        LocalDate today = LocalDate.now(clock);
        ClinicalFacts facts = reader.read(record, today);
        List<Recommendation> recommendations =
                service.checksOrders() ? advisor.orderCheck(facts, orders) : advisor.patientView(facts);
        CdsServiceResponseJson response = new CdsServiceResponseJson();
        recommendations.forEach(r -> response.addCard(cards.card(r, patientId, today)));
        return mapper.writeValueAsString(response);
    }

    @PostMapping(path = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> feedback(@PathVariable String id, HttpServletRequest http) throws IOException {
        List<FeedbackStore.Entry> entries =
                requests.feedback(service(id), http.getContentType(), http.getInputStream(), clock.instant());
        feedback.saveAll(entries);
        return ResponseEntity.ok(Map.of("stored", entries.size()));
    }

    /** What the authenticated CDS client lets us read for it (set by the security layer). */
    private DataAccess access(HttpServletRequest http) {
        return http.getAttribute(DataAccess.ATTRIBUTE) instanceof DataAccess access ? access : unauthenticated;
    }

    private static CdsService service(String id) {
        CdsService service = CdsService.byId(id);
        if (service == null) {
            throw new CdsException(HttpStatus.NOT_FOUND, "No CDS service '" + id + "'");
        }
        return service;
    }
}
