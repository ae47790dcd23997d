package org.oncofhir.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.oncofhir.cds.feedback.FeedbackItem;
import org.oncofhir.cds.feedback.FeedbackStore;
import org.oncofhir.cds.feedback.InvalidFeedbackException;
import org.oncofhir.server.Utf8;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads and checks what a CDS client sends: a UTF-8 JSON body declared as JSON (or not declared), the service
 * request with the fields its hook requires (hookInstance, context.patientId, draftOrders and selections), and
 * feedback items. Every refusal is a {@link CdsException} with the status CDS Hooks
 * names and a message that names the field and the JSON type expected, never a Java class.
 */
final class CdsRequestReader {

    /** FHIR id syntax: also keeps the id from altering the URLs the prefetch templates build. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final ObjectMapper mapper;

    /** @param mapper HAPI's CDS Hooks mapper, which reads prefetch and context resources as FHIR model objects */
    CdsRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A service call for {@code service}, checked as far as the request itself goes. */
    CdsServiceRequestJson serviceRequest(CdsService service, String contentType, InputStream body) throws IOException {
        JsonNode tree = parse(jsonBody(contentType, body), JsonNode.class);
        if (tree.path("context").isObject()) {
            onlyFhirContext((ObjectNode) tree.path("context"));
        }
        CdsServiceRequestJson request = convert(tree, CdsServiceRequestJson.class, "Malformed CDS Hooks request: ");
        if (!service.hook.equals(request.getHook())) {
            throw CdsException.badRequest("Service " + service.id + " answers the " + service.hook + " hook, not '"
                    + request.getHook() + "'");
        }
        if (request.getHookInstance() == null || request.getHookInstance().isBlank()) {
            throw CdsException.badRequest("hookInstance is required");
        }
        patientId(request);
        return request;
    }

    /**
     * Leaves in {@code context} only what HAPI's model reads as the hook's fields: strings, arrays of strings, and
     * the one FHIR resource our hooks define ({@code draftOrders}). Anything else, an {@code extension} object
     * above all (CDS Hooks 2.0.1, Extensions), is not FHIR and is not for this service to parse.
     */
    private static void onlyFhirContext(ObjectNode context) {
        List<String> other = new ArrayList<>();
        context.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            boolean strings = value.isArray()
                    && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isTextual);
            if (!value.isValueNode() && !strings && !field.getKey().equals("draftOrders")) {
                other.add(field.getKey());
            }
        });
        context.remove(other);
    }

    /** The context patient's id. */
    String patientId(CdsServiceRequestJson request) {
        Object id = request.getContext() == null ? null : request.getContext().get("patientId");
        if (!(id instanceof String patientId) || !FHIR_ID.matcher(patientId).matches()) {
            throw CdsException.badRequest("context.patientId is required and must be a FHIR id");
        }
        return patientId;
    }

    /** The draft MedicationRequests an order check judges: the selected ones for order-select, all for order-sign. */
    List<MedicationRequest> draftOrders(CdsService service, CdsServiceRequestJson request) {
        Object draftOrders = request.getContext().get("draftOrders");
        if (!(draftOrders instanceof Bundle bundle)) {
            throw CdsException.badRequest("context.draftOrders must be a FHIR Bundle for " + service.hook);
        }
        List<MedicationRequest> medicationRequests = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(MedicationRequest.class::isInstance)
                .map(MedicationRequest.class::cast)
                .toList();
        if (service == CdsService.ORDER_CHECK) {
            List<String> selections = selections(request);
            medicationRequests = medicationRequests.stream()
                    .filter(m -> selections.contains(
                            "MedicationRequest/" + m.getIdElement().getIdPart()))
                    .toList();
        }
        return medicationRequests;
    }

    /** The items of a feedback request, checked and ready to store. */
    List<FeedbackStore.Entry> feedback(CdsService service, String contentType, InputStream body, Instant receivedAt)
            throws IOException {
        JsonNode root = parse(jsonBody(contentType, body), JsonNode.class);
        if (!root.path("feedback").isArray() || root.path("feedback").isEmpty()) {
            throw CdsException.badRequest("feedback must be a non-empty array");
        }
        List<FeedbackStore.Entry> entries = new ArrayList<>();
        for (JsonNode item : root.path("feedback")) {
            try {
                entries.add(FeedbackItem.entry(
                        service.id,
                        convert(item, CdsServiceFeedbackJson.class, "Malformed feedback item: "),
                        item,
                        receivedAt));
            } catch (InvalidFeedbackException e) {
                throw CdsException.badRequest(e.getMessage());
            }
        }
        return entries;
    }

    private static List<String> selections(CdsServiceRequestJson request) {
        Object selections = request.getContext().get("selections");
        if (!(selections instanceof List<?> list) || list.stream().anyMatch(s -> !(s instanceof String))) {
            throw CdsException.badRequest("context.selections must be an array of references for order-select");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /**
     * The raw body of a request declared as JSON (or not declared): read here rather than bound by Spring, whose
     * converters would refuse a wildcard Content-Type with a 500 before this check.
     */
    private static byte[] jsonBody(String contentType, InputStream body) throws IOException {
        requireJson(contentType);
        return body.readAllBytes();
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
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(declared)
                || declared.isWildcardType()
                || declared.isWildcardSubtype()) {
            throw new CdsException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + declared.getType() + "/" + declared.getSubtype()
                            + " is not accepted: send application/json");
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
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (CdsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CdsException.badRequest("Malformed CDS Hooks request: " + JsonErrors.describe(e));
        }
        if (value == null) {
            throw CdsException.badRequest("A JSON object is required");
        }
        return value;
    }

    private <T> T convert(JsonNode tree, Class<T> type, String refusal) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (CdsException e) {
            throw e;
        } catch (JsonProcessingException | RuntimeException e) {
            throw CdsException.badRequest(refusal + JsonErrors.describe(e));
        }
    }
}
