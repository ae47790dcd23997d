package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.server.Utf8;
import org.oncofhir.therapy.TherapyAdvisor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 endpoints: discovery, the three services, and feedback. Request bodies are parsed with HAPI's CDS
 * Hooks mapper, so prefetch and context resources arrive as FHIR model objects.
 */
@ConditionalOnProperty(name = "oncofhir.cds.enabled", havingValue = "true", matchIfMissing = true)
@RestController
class CdsHooksController {

    private static final Set<String> OUTCOMES = Set.of("accepted", "overridden");

    private final ObjectMapper mapper;
    private final PatientDataResolver resolver;
    private final ClinicalFactsReader reader;
    private final TherapyAdvisor advisor;
    private final CardFactory cards;
    private final FeedbackStore feedback;
    private final Clock clock;
    private final DataAccess unauthenticated;

    /** @param securityEnabled with security on, a call the client filter did not mark may read nothing */
    CdsHooksController(FhirContext fhirContext, PatientDataResolver resolver, ClinicalFactsReader reader,
            TherapyAdvisor advisor, CardFactory cards, FeedbackStore feedback, Clock clock,
            @Value("${oncofhir.security.enabled:true}") boolean securityEnabled) {
        // HAPI's CDS Hooks mapper (de)serialises prefetch, context and suggestion resources as FHIR JSON.
        this.mapper = new CdsHooksObjectMapperFactory(fhirContext).newMapper()
                .registerModule(new FhirJsonModule(fhirContext))
                .disable(SerializationFeature.INDENT_OUTPUT);
        this.resolver = resolver;
        this.reader = reader;
        this.advisor = advisor;
        this.cards = cards;
        this.feedback = feedback;
        this.clock = clock;
        this.unauthenticated = securityEnabled ? DataAccess.NONE : DataAccess.OPEN;
    }

    /** What the authenticated CDS client lets us read for it (set by the security layer). */
    private DataAccess access(HttpServletRequest http) {
        return http.getAttribute(DataAccess.ATTRIBUTE) instanceof DataAccess access ? access : unauthenticated;
    }

    @GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    String discovery() throws JsonProcessingException {
        List<CdsServiceDescriptor> services = Stream.of(CdsService.values()).map(CdsServiceDescriptor::of).toList();
        return mapper.writeValueAsString(Map.of("services", services));
    }

    @PostMapping(path = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String call(@PathVariable String id, HttpServletRequest http) throws IOException {
        CdsService service = service(id);
        CdsServiceRequestJson request = parse(jsonBody(http), CdsServiceRequestJson.class);
        if (!service.hook.equals(request.getHook())) {
            throw CdsException.badRequest("Service " + service.id + " answers the " + service.hook + " hook, not '"
                    + request.getHook() + "'");
        }
        if (request.getHookInstance() == null || request.getHookInstance().isBlank()) {
            throw CdsException.badRequest("hookInstance is required");
        }
        String patientId = PatientDataResolver.patientId(request);
        List<DraftOrder> orders = service.checksOrders() ? draftOrders(service, request) : List.of();
        PatientRecord record = resolver.resolve(request, patientId, access(http));
        LocalDate today = LocalDate.now(clock);
        ClinicalFacts facts = reader.read(record, today);
        List<Recommendation> recommendations = service.checksOrders()
                ? advisor.orderCheck(facts, orders)
                : advisor.patientView(facts);
        CdsServiceResponseJson response = new CdsServiceResponseJson();
        recommendations.forEach(r -> response.addCard(cards.card(r, patientId, today)));
        return mapper.writeValueAsString(response);
    }

    @PostMapping(path = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> feedback(@PathVariable String id, HttpServletRequest http) throws IOException {
        CdsService service = service(id);
        JsonNode root = parse(jsonBody(http), JsonNode.class);
        if (!root.path("feedback").isArray() || root.path("feedback").isEmpty()) {
            throw CdsException.badRequest("feedback must be a non-empty array");
        }
        Instant now = clock.instant();
        List<FeedbackStore.Entry> entries = new ArrayList<>();
        for (JsonNode item : root.path("feedback")) {
            CdsServiceFeedbackJson parsed = convert(item);
            String outcome = item.path("outcome").asText();
            if (parsed.getCard() == null || parsed.getCard().isBlank() || !OUTCOMES.contains(outcome)
                    || parsed.getOutcomeTimestamp() == null) {
                throw CdsException.badRequest("each feedback item needs card, outcome (accepted|overridden) and outcomeTimestamp");
            }
            requireInstant(parsed.getOutcomeTimestamp());
            entries.add(new FeedbackStore.Entry(FeedbackStore.newId(), service.id, parsed.getCard(), outcome,
                    parsed.getOutcomeTimestamp(), json(item.get("acceptedSuggestions")), json(item.get("overrideReason")), now));
        }
        feedback.saveAll(entries);
        return ResponseEntity.ok(Map.of("stored", entries.size()));
    }

    private List<DraftOrder> draftOrders(CdsService service, CdsServiceRequestJson request) {
        Object draftOrders = request.getContext().get("draftOrders");
        if (!(draftOrders instanceof Bundle bundle)) {
            throw CdsException.badRequest("context.draftOrders must be a FHIR Bundle for " + service.hook);
        }
        List<MedicationRequest> medicationRequests = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(MedicationRequest.class::isInstance).map(MedicationRequest.class::cast).toList();
        if (service == CdsService.ORDER_CHECK) {
            List<String> selections = selections(request);
            medicationRequests = medicationRequests.stream()
                    .filter(m -> selections.contains("MedicationRequest/" + m.getIdElement().getIdPart())).toList();
        }
        return reader.draftOrders(medicationRequests);
    }

    private static List<String> selections(CdsServiceRequestJson request) {
        Object selections = request.getContext().get("selections");
        if (!(selections instanceof List<?> list) || list.stream().anyMatch(s -> !(s instanceof String))) {
            throw CdsException.badRequest("context.selections must be an array of references for order-select");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static CdsService service(String id) {
        CdsService service = CdsService.byId(id);
        if (service == null) {
            throw new CdsException(HttpStatus.NOT_FOUND, "No CDS service '" + id + "'");
        }
        return service;
    }

    /**
     * The raw body of a request declared as JSON (or not declared). Read here rather than bound by Spring, whose
     * converters would refuse a wildcard Content-Type with a 500 before this check.
     */
    private static byte[] jsonBody(HttpServletRequest http) throws IOException {
        requireJson(http.getContentType());
        return http.getInputStream().readAllBytes();
    }

    /** CDS Hooks requests are JSON; a body declared as anything else is refused rather than guessed at. */
    private static void requireJson(String contentType) {
        if (contentType == null) {
            return;
        }
        MediaType declared;
        try {
            declared = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new CdsException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unreadable Content-Type: send application/json");
        }
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(declared) || declared.isWildcardType()
                || declared.isWildcardSubtype()) {
            throw new CdsException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + declared.getType() + "/" + declared.getSubtype() + " is not accepted: send application/json");
        }
    }

    /** Parses the raw bytes once they are known to be UTF-8 (Jackson would also accept UTF-16 and UTF-32). */
    private <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw CdsException.badRequest("A JSON request body is required");
        }
        if (Utf8.firstInvalidByte(body) >= 0) {
            throw CdsException.badRequest("Request body is not valid UTF-8: CDS Hooks requests are UTF-8 JSON");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw CdsException.badRequest("A JSON object is required");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CdsException cds) {
                throw cds;
            }
            throw CdsException.badRequest("Malformed CDS Hooks request: " + describe(e));
        }
    }

    private CdsServiceFeedbackJson convert(JsonNode item) {
        try {
            return mapper.treeToValue(item, CdsServiceFeedbackJson.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw CdsException.badRequest("Malformed feedback item: " + describe(e));
        }
    }

    private static void requireInstant(String timestamp) {
        try {
            OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw CdsException.badRequest("outcomeTimestamp must be an ISO 8601 date-time with offset, e.g. 2026-11-23T09:00:00Z");
        }
    }

    private String json(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.toString();
        if (text.length() > FeedbackStore.MAX_JSON) {
            throw CdsException.badRequest("feedback item too large (over " + FeedbackStore.MAX_JSON + " characters)");
        }
        return text;
    }

    /** Names the field and the JSON type expected, rather than the Java class it would have become. */
    private static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return e instanceof MismatchedInputException mismatch
                    ? "'" + field + "' must be " + expected(mismatch.getTargetType())
                    : "'" + field + "': " + firstLine(mapping.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return "the request must be " + expected(mismatch.getTargetType());
        }
        return firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a JSON string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (IBaseResource.class.isAssignableFrom(type)) {
            return "a FHIR resource";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a JSON number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON object";
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable JSON" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
