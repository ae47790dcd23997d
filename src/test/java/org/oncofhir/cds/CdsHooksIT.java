package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.test.utilities.server.RestfulServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.cds.data.RemoteFhirSource;
import org.oncofhir.cds.feedback.OverrideReasons;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.CdsCase;
import org.oncofhir.testing.PatientScopedProvider;
import org.oncofhir.testing.TestSecurity;

/**
 * The CDS Hooks face over HTTP: discovery, the clinical case subset with full prefetch, partial and absent
 * prefetch (our store), fetching from a second FHIR server that requires a Bearer token, 412/400/404, the
 * order-select and order-sign shapes, and CORS.
 */
class CdsHooksIT extends AbstractServerIT {

    static final String TOKEN = "ehr-access-token-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("_Rule `([a-z0-9-]+)`");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<Class<? extends Resource>, PatientScopedProvider> EHR_DATA = Map.of(
            Patient.class, new PatientScopedProvider(Patient.class),
            Observation.class, new PatientScopedProvider(Observation.class),
            Condition.class, new PatientScopedProvider(Condition.class),
            MedicationRequest.class, new PatientScopedProvider(MedicationRequest.class),
            MedicationStatement.class, new PatientScopedProvider(MedicationStatement.class),
            MedicationAdministration.class, new PatientScopedProvider(MedicationAdministration.class),
            Procedure.class, new PatientScopedProvider(Procedure.class));

    /** The hospital's FHIR server: answers only requests carrying the expected Bearer token. */
    @RegisterExtension
    static final RestfulServerExtension EHR = new RestfulServerExtension(
                    FhirContext.forR4Cached(), EHR_DATA.values().toArray())
            .withPort(TestSecurity.EHR_FHIR_PORT)
            .registerAnonymousInterceptor(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, (pointcut, params) -> {
                String authorization = params.get(RequestDetails.class).getHeader("Authorization");
                if (!("Bearer " + TOKEN).equals(authorization)) {
                    throw new AuthenticationException("Bearer token required");
                }
            });

    static List<CdsCase> httpCases() {
        return CdsCase.all().stream().filter(CdsCase::viaHttp).toList();
    }

    private static CdsCase httpCase(String id) {
        return httpCases().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** The EHR's token for its FHIR server, as a CDS client sends it in fhirAuthorization. */
    private static ObjectNode authorize(ObjectNode request) {
        return request.putObject("fhirAuthorization")
                .put("access_token", TOKEN)
                .put("token_type", "Bearer")
                .put("expires_in", 300)
                .put("scope", "patient/*.read")
                .put("subject", "oncofhir");
    }

    @Test
    void discoveryListsTheThreeServicesWithPrefetchAndUsageRequirements() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode services = JSON.readTree(response.body()).path("services");
        Map<String, String> hooks = new HashMap<>();
        for (JsonNode s : services) {
            hooks.put(s.path("id").asText(), s.path("hook").asText());
            assertThat(s.path("title").asText()).isNotBlank();
            assertThat(s.path("description").asText()).isNotBlank();
            assertThat(s.path("usageRequirements").asText()).contains("Observation");
            assertThat(s.path("prefetch").path("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
            assertThat(s.path("prefetch").path("observations").asText())
                    .startsWith("Observation?patient={{context.patientId}}&code=");
        }
        assertThat(hooks)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "oncofhir-breast-therapy", "patient-view",
                        "oncofhir-breast-order-check", "order-select",
                        "oncofhir-breast-order-sign", "order-sign"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpCases")
    void clinicalCasesWithFullPrefetch(CdsCase c) throws Exception {
        ObjectNode request = request(c, c.isOrderCheck() ? "order-select" : "patient-view");
        prefetch(request, c, CdsService.PREFETCH.keySet());

        JsonNode cards =
                cards(post(c.isOrderCheck() ? "oncofhir-breast-order-check" : "oncofhir-breast-therapy", request, 200));

        assertThat(rules(cards)).as("rules").isEqualTo(c.list("expect_rules"));
        assertThat(drugs(cards)).as("drugs").isEqualTo(c.list("expect_drugs"));
        assertThat(cards.isEmpty() ? "none" : cards.get(0).path("indicator").asText())
                .isEqualTo(c.get("expect_top"));
        assertCardShape(cards, c);
    }

    @Test
    void partialAndAbsentPrefetchReadTheLocalStoreAndReachTheSameCards() throws Exception {
        CdsCase c = httpCase("her2-residual-after-neoadjuvant");
        store(c);

        ObjectNode full = request(c, "patient-view");
        prefetch(full, c, CdsService.PREFETCH.keySet());
        ObjectNode partial = request(c, "patient-view");
        prefetch(partial, c, Set.of("patient", "observations"));
        ((ObjectNode) partial.path("prefetch")).putNull("conditions");
        ObjectNode absent = request(c, "patient-view");

        for (ObjectNode request : List.of(full, partial, absent)) {
            JsonNode cards = cards(post("oncofhir-breast-therapy", request, 200));
            assertThat(rules(cards)).isEqualTo(c.list("expect_rules"));
            assertThat(drugs(cards)).isEqualTo(Set.of("1371041"));
        }
    }

    @Test
    void fetchesFromTheClientsFhirServerWithItsBearerToken() throws Exception {
        CdsCase c = httpCase("her2-positive-lvef-49.9");
        c.patientResources().forEach(r -> EHR_DATA.get(r.getClass()).add(r));
        ObjectNode request = request(c, "patient-view");
        request.put("fhirServer", EHR.getBaseUrl());
        ObjectNode authorization = authorize(request);

        JsonNode cards = cards(post("oncofhir-breast-therapy", request, 200));
        assertThat(rules(cards)).isEqualTo(c.list("expect_rules"));

        // An EHR that does not let this app read Procedures: the decision stands, and a card says what was not read.
        EHR_DATA.get(Procedure.class).refuse(c.patientId());
        JsonNode withoutProcedures = cards(post("oncofhir-breast-therapy", request, 200));
        Set<String> withNote = new HashSet<>(c.list("expect_rules"));
        withNote.add("record-not-understood");
        assertThat(rules(withoutProcedures)).isEqualTo(withNote);
        assertThat(withoutProcedures.toString()).contains("Procedure records could not be read", "HTTP 403");
        EHR_DATA.get(MedicationRequest.class).refuse(c.patientId());
        post("oncofhir-breast-therapy", request, 412);

        authorization.put("access_token", "wrong-token");
        JsonNode refused = JSON.readTree(post("oncofhir-breast-therapy", request, 412));
        assertThat(refused.path("message").asText()).isEqualTo(RemoteFhirSource.UNAVAILABLE);

        request.remove("fhirAuthorization");
        post("oncofhir-breast-therapy", request, 412);
    }

    @Test
    void aPagedPrefetchIsReadToItsEndThroughFhirServer() throws Exception {
        CdsCase c = httpCase("recurrence-after-last-biomarkers");
        List<Resource> receptors = c.patientResources().stream()
                .filter(r -> r instanceof Observation o
                        && o.getCode().getCoding().stream()
                                .anyMatch(code -> Set.of("85337-4", "85339-0").contains(code.getCode())))
                .toList();
        receptors.forEach(r -> EHR_DATA.get(Observation.class).add(r));
        ObjectNode request = request(c, "patient-view");
        prefetch(request, c, CdsService.PREFETCH.keySet());
        // Page one holds everything but ER and PR; its next link, on the EHR's server, gives them.
        ObjectNode firstPage = (ObjectNode) request.path("prefetch").path("observations");
        ArrayNode entries = (ArrayNode) firstPage.path("entry");
        for (int i = entries.size() - 1; i >= 0; i--) {
            String code = entries.get(i)
                    .path("resource")
                    .path("code")
                    .path("coding")
                    .get(0)
                    .path("code")
                    .asText();
            if (code.equals("85337-4") || code.equals("85339-0")) {
                entries.remove(i);
            }
        }
        firstPage
                .putArray("link")
                .addObject()
                .put("relation", "next")
                .put("url", EHR.getBaseUrl() + "/Observation?patient=" + c.patientId() + "&code=85337-4,85339-0");
        request.put("fhirServer", EHR.getBaseUrl());
        authorize(request);

        assertThat(rules(cards(post("oncofhir-breast-therapy", request, 200)))).isEqualTo(c.list("expect_rules"));

        ((ObjectNode) request.path("fhirAuthorization")).put("access_token", "wrong-token");
        post("oncofhir-breast-therapy", request, 412);
        request.remove(List.of("fhirServer", "fhirAuthorization"));
        JsonNode withoutServer = JSON.readTree(post("oncofhir-breast-therapy", request, 412));
        assertThat(withoutServer.path("message").asText()).contains("next link", "no fhirServer");
    }

    @Test
    void aPrefetchKeyOfTheWrongTypeIsRefusedNamingTheKeyAndNullMeansNoData() throws Exception {
        CdsCase c = httpCase("her2-residual-after-neoadjuvant");
        ObjectNode request = request(c, "patient-view");
        prefetch(request, c, CdsService.PREFETCH.keySet());
        ObjectNode prefetch = (ObjectNode) request.path("prefetch");
        JsonNode conditions = prefetch.path("conditions");
        prefetch.set("observations", conditions);
        JsonNode refused = JSON.readTree(post("oncofhir-breast-therapy", request, 400));
        assertThat(refused.path("message").asText())
                .contains("prefetch.observations", "Bundle of Observation", "Condition");

        prefetch.set("observations", prefetch.path("patient"));
        post("oncofhir-breast-therapy", request, 400);

        // null: the client has no data for the key; with a fhirServer nothing is fetched for it.
        ObjectNode nothing = request(c, "patient-view");
        prefetch(nothing, c, CdsService.PREFETCH.keySet());
        ((ObjectNode) nothing.path("prefetch")).putNull("observations");
        nothing.put("fhirServer", TestSecurity.CLOSED_FHIR_SERVER);
        assertThat(rules(cards(post("oncofhir-breast-therapy", nothing, 200)))).contains("her2-missing", "hr-missing");
    }

    @Test
    void unreachableFhirServerIs412() throws Exception {
        CdsCase c = httpCases().get(0);
        ObjectNode request = request(c, "patient-view");
        request.put("fhirServer", TestSecurity.CLOSED_FHIR_SERVER);
        JsonNode error = JSON.readTree(post("oncofhir-breast-therapy", request, 412));
        assertThat(error.path("status").asInt()).isEqualTo(412);
        assertThat(error.path("message").asText()).isEqualTo(RemoteFhirSource.UNAVAILABLE);
    }

    @Test
    void unknownPatientInTheLocalStoreIs412() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", "h-1");
        request.putObject("context").put("userId", "Practitioner/1").put("patientId", "nobody-here");
        post("oncofhir-breast-therapy", request, 412);
    }

    @Test
    void malformedRequestsAre400AndUnknownServicesAre404() throws Exception {
        assertThat(JSON.readTree(postRaw("oncofhir-breast-therapy", "{not json", 400))
                        .path("message")
                        .asText())
                .contains("Malformed");
        postRaw("oncofhir-breast-therapy", "", 400);
        postRaw("oncofhir-breast-therapy", "[]", 400);
        postRaw(
                "oncofhir-breast-therapy",
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"}}",
                400);
        postRaw("oncofhir-breast-therapy", "{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"p\"}}", 400);
        postRaw(
                "oncofhir-breast-therapy",
                "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"a/../b\"}}",
                400);
        postRaw(
                "oncofhir-breast-therapy",
                "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"},"
                        + "\"prefetch\":{\"observations\":{\"resourceType\":\"Nonsense\"}}}",
                400);
        postRaw(
                "oncofhir-breast-order-sign",
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"}}",
                400);
        JsonNode notFound = JSON.readTree(postRaw("no-such-service", "{}", 404));
        assertThat(notFound.path("status").asInt()).isEqualTo(404);
    }

    @Test
    void orderSelectChecksOnlyTheSelectionAndOrderSignChecksEveryDraft() throws Exception {
        CdsCase c = httpCase("order-trastuzumab-her2-low");
        MedicationRequest trastuzumab = c.draftOrders().get(0);
        MedicationRequest tamoxifen = trastuzumab.copy();
        tamoxifen.setId("tamoxifen-draft");
        tamoxifen.getMedicationCodeableConcept().getCodingFirstRep().setCode("10324");
        Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
        drafts.addEntry().setResource(trastuzumab);
        drafts.addEntry().setResource(tamoxifen);

        ObjectNode select = request(c, "order-select");
        prefetch(select, c, CdsService.PREFETCH.keySet());
        ((ObjectNode) select.path("context"))
                .set("draftOrders", JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(drafts)));
        ((ObjectNode) select.path("context")).putArray("selections").add("MedicationRequest/tamoxifen-draft");
        assertThat(cards(post("oncofhir-breast-order-check", select, 200))).isEmpty();

        ObjectNode sign = select.deepCopy();
        sign.put("hook", "order-sign");
        ((ObjectNode) sign.path("context")).remove("selections");
        JsonNode cards = cards(post("oncofhir-breast-order-sign", sign, 200));
        assertThat(rules(cards)).isEqualTo(Set.of("order-her2-therapy-her2-negative"));
        JsonNode delete =
                cards.get(0).path("suggestions").get(0).path("actions").get(0);
        assertThat(delete.path("type").asText()).isEqualTo("delete");
        assertThat(delete.path("resourceId").isTextual()).isTrue();
        assertThat(delete.path("resourceId").asText())
                .isEqualTo("MedicationRequest/" + trastuzumab.getIdElement().getIdPart());
        assertThat(cards.get(0).path("selectionBehavior").asText()).isEqualTo("any");
    }

    @Test
    void corsPreflightIsAnsweredForBrowserClients() throws Exception {
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services/oncofhir-breast-therapy"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://sandbox.cds-hooks.org")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://sandbox.cds-hooks.org");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .toLowerCase())
                .contains("authorization", "content-type");
    }

    @Test
    void feedbackIsStoredAndReadBackByTheAdministrator() throws Exception {
        String card = UUID.randomUUID().toString();
        String body = "{\"feedback\":[{\"card\":\"" + card
                + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-23T10:00:00Z\","
                + "\"overrideReason\":{\"reason\":{\"code\":\"patient-declined\",\"system\":\""
                + OverrideReasons.SYSTEM + "\"},\"userComment\":\"Prefers to wait\"}}]}";
        postRaw("oncofhir-breast-therapy/feedback", body, 200);
        JsonNode notOffered = JSON.readTree(postRaw(
                "oncofhir-breast-therapy/feedback",
                body.replace(OverrideReasons.SYSTEM, "http://example.org/reasons"),
                400));
        assertThat(notOffered.path("message").asText()).contains("overrideReason.reason must be one the card offered");
        postRaw(
                "oncofhir-breast-therapy/feedback",
                "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"maybe\",\"outcomeTimestamp\":\"t\"}]}",
                400);
        postRaw("nope/feedback", body, 404);

        URI admin = URI.create(baseUrl() + "/admin/cds-feedback?service=oncofhir-breast-therapy");
        HttpResponse<String> stored = HTTP.send(
                HttpRequest.newBuilder(admin)
                        .header("Authorization", "Bearer " + systemToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).contains(card, "overridden", "Prefers to wait");

        assertThat(HTTP.send(HttpRequest.newBuilder(admin).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        String patientToken = TestSecurity.accessToken("patient/*.rs", "someone");
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(admin)
                                        .header("Authorization", "Bearer " + patientToken)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(403);
    }

    // ---- helpers

    private void store(CdsCase c) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource r : c.patientResources()) {
            transaction
                    .addEntry()
                    .setResource(r)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
        }
        client().transaction().withBundle(transaction).execute();
    }

    private ObjectNode request(CdsCase c, String hook) {
        ObjectNode request = JSON.createObjectNode();
        request.put("hook", hook).put("hookInstance", UUID.randomUUID().toString());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/onc-1").put("patientId", c.patientId());
        if (!hook.equals("patient-view")) {
            Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
            ArrayNode selections = context.putArray("selections");
            for (MedicationRequest order : c.draftOrders()) {
                drafts.addEntry().setResource(order);
                selections.add("MedicationRequest/" + order.getIdElement().getIdPart());
            }
            context.set("draftOrders", readTree(drafts));
        }
        return request;
    }

    private void prefetch(ObjectNode request, CdsCase c, Set<String> keys) {
        ObjectNode prefetch = request.putObject("prefetch");
        List<Resource> resources = c.patientResources();
        for (String key : keys) {
            if (key.equals("patient")) {
                prefetch.set(key, readTree(resources.get(0)));
                continue;
            }
            String type =
                    switch (key) {
                        case "observations" -> "Observation";
                        case "conditions" -> "Condition";
                        case "medicationRequests" -> "MedicationRequest";
                        case "medicationAdministrations" -> "MedicationAdministration";
                        case "procedures" -> "Procedure";
                        default -> "MedicationStatement";
                    };
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            resources.stream().filter(r -> r.fhirType().equals(type)).forEach(r -> bundle.addEntry()
                    .setResource(r));
            prefetch.set(key, readTree(bundle));
        }
    }

    private JsonNode readTree(IBaseResource resource) {
        try {
            return JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(resource));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String post(String service, JsonNode body, int expectedStatus) throws Exception {
        return postRaw(service, JSON.writeValueAsString(body), expectedStatus);
    }

    private String postRaw(String path, String body, int expectedStatus) throws Exception {
        String service = path.split("/")[0];
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services/" + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestSecurity.token(baseUrl() + "/cds-services/" + service))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return response.body();
    }

    private static JsonNode cards(String body) throws Exception {
        return JSON.readTree(body).path("cards");
    }

    static Set<String> rules(JsonNode cards) {
        Set<String> rules = new HashSet<>();
        for (JsonNode card : cards) {
            Matcher m = RULE.matcher(card.path("detail").asText());
            assertThat(m.find()).as("card detail names its rule").isTrue();
            rules.add(m.group(1));
        }
        return rules;
    }

    static Set<String> drugs(JsonNode cards) {
        List<String> codes = new ArrayList<>();
        for (JsonNode action : cards.findValues("actions")) {
            for (JsonNode a : action) {
                JsonNode resource = a.path("resource");
                if ("MedicationRequest".equals(resource.path("resourceType").asText())) {
                    codes.add(resource.path("medicationCodeableConcept")
                            .path("coding")
                            .get(0)
                            .path("code")
                            .asText());
                }
            }
        }
        return codes.stream().collect(Collectors.toSet());
    }

    private static void assertCardShape(JsonNode cards, CdsCase c) {
        for (JsonNode card : cards) {
            assertThat(card.path("uuid").asText()).hasSize(36);
            assertThat(card.path("summary").asText().length()).isBetween(1, 140);
            assertThat(card.path("indicator").asText()).isIn("info", "warning", "critical");
            assertThat(card.path("source").path("label").asText()).isNotBlank();
            assertThat(card.path("source").path("url").asText()).startsWith("https://");
            assertThat(card.path("source").path("topic").path("system").asText())
                    .isEqualTo("http://oncofhir.org/fhir/CodeSystem/card-topic");
            assertThat(card.path("source").path("topic").path("code").asText()).isNotBlank();
            assertThat(card.path("links").get(0).path("type").asText()).isEqualTo("absolute");
            assertThat(card.path("links").get(0).path("url").asText()).startsWith("https://");
            assertThat(card.path("overrideReasons").size())
                    .as(card.toString())
                    .isEqualTo(OverrideReasons.all().size());
            for (JsonNode reason : card.path("overrideReasons")) {
                assertThat(reason.path("system").asText()).isEqualTo(OverrideReasons.SYSTEM);
                assertThat(reason.path("code").asText()).isNotBlank();
            }
            for (JsonNode suggestion : card.path("suggestions")) {
                assertThat(suggestion.path("uuid").asText()).hasSize(36);
                assertThat(suggestion.path("label").asText()).isNotBlank();
                assertThat(suggestion.has("isRecommended")).isTrue();
                for (JsonNode action : suggestion.path("actions")) {
                    JsonNode resource = action.path("resource");
                    if (action.path("type").asText().equals("delete")) {
                        assertThat(action.path("resourceId").asText()).matches("[A-Za-z]+/[A-Za-z0-9.-]{1,64}");
                    }
                    if (action.path("type").asText().equals("create")) {
                        assertThat(resource.path("status").asText()).isEqualTo("draft");
                        assertThat(resource.path("intent").asText()).isEqualTo("proposal");
                        assertThat(resource.path("subject").path("reference").asText())
                                .isEqualTo("Patient/" + c.patientId());
                    }
                }
            }
            if (!card.path("suggestions").isEmpty()) {
                // CDS Hooks 2.0.1: selectionBehavior MUST be provided with suggestions; several recommended
                // suggestions only where any number may be chosen.
                String behavior = card.path("selectionBehavior").asText();
                assertThat(behavior).isIn("any", "at-most-one");
                long recommended = StreamSupport.stream(card.path("suggestions").spliterator(), false)
                        .filter(s -> s.path("isRecommended").asBoolean())
                        .count();
                assertThat(behavior.equals("any") || recommended <= 1)
                        .as(card.toString())
                        .isTrue();
            }
        }
    }
}
