package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.Ports;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * What an outside attack on the secured server got through, replayed as a hostile client sends it, with the answer
 * each request must now get: a compressed body that inflates past the limit, and the ways across the patient
 * boundary (writes, conditional URLs, references, paging, chains), the CDS data fetch (redirects, foreign paging
 * links, unlisted servers, the local store), the Host header, negative offsets, token audiences.
 */
class AttackIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "atk-a";
    private static final String B = "atk-b";
    private static final String SYSTEM = "urn:test:attack";
    private static final String THERAPY = "/cds-services/oncofhir-breast-therapy";
    private static final String ORDER_CHECK = "/cds-services/oncofhir-breast-order-check";

    /** A FHIR server on the ehr client's allow-list that misbehaves: redirects, paging links to elsewhere, 401. */
    private static HttpServer trap;
    /** Where the trap points: records every Authorization header that reaches it. */
    private static HttpServer collector;

    private static final List<String> COLLECTED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void hostileServers() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            COLLECTED.add(exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}");
        });
        collector.start();
        String elsewhere = "http://127.0.0.1:" + collector.getAddress().getPort() + "/fhir";
        trap = HttpServer.create(new InetSocketAddress("127.0.0.1", TestSecurity.TRAP_FHIR_PORT), 0);
        trap.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", elsewhere + "/Patient/" + A);
            respond(exchange, 302, "");
        });
        trap.createContext(
                "/unauthorized",
                exchange -> respond(
                        exchange,
                        401,
                        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\"}]}"));
        trap.createContext("/paged", exchange -> {
            String path = exchange.getRequestURI().getPath();
            respond(
                    exchange,
                    200,
                    path.contains("/Patient/")
                            ? "{\"resourceType\":\"Patient\",\"id\":\"" + A + "\"}"
                            : "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\""
                                    + elsewhere + "/Observation?page=2\"}],\"entry\":[]}");
        });
        trap.start();
    }

    @AfterAll
    static void stopHostileServers() {
        trap.stop(0);
        collector.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @BeforeEach
    void twoPatients() {
        for (String id : new String[] {A, B}) {
            Patient patient = TestResources.patient("Attack-" + id);
            patient.setBirthDateElement(new DateType("1970-01-0" + (id.equals(A) ? "1" : "2")));
            patient.setId(id);
            client().update().resource(patient).execute();
            client().update()
                    .resource(TestResources.her2Ihc(new IdType("Patient", id), SYSTEM, id + "-1")
                            .setId("obs-" + id))
                    .execute();
        }
        client().update()
                .resource(TestResources.her2Ihc(new IdType("Patient", A), SYSTEM, A + "-2")
                        .setId("obs-" + A + "-2"))
                .execute();
    }

    // 1. Compressed bodies: authenticated first, inflated within the limit.

    @Test
    void gzipBombIsRefusedAfterAuthenticationAndTheServerLives() throws Exception {
        byte[] bomb = gzip(new byte[16 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(100_000);
        assertStatus(fhir("POST", "/Observation", bomb, null, "Content-Encoding", "gzip"), 401);
        assertStatus(fhir("POST", "/Observation", "{not json".getBytes(StandardCharsets.UTF_8), null), 401);

        HttpResponse<String> refused = fhir("POST", "/Observation", bomb, systemToken(), "Content-Encoding", "gzip");
        assertStatus(refused, 413);
        assertThat(refused.body()).contains("inflates to more than");
        assertStatus(fhir("GET", "/metadata", null, null), 200);
        assertStatus(fhir("GET", "/metadata", bomb, null, "Content-Encoding", "gzip"), 415);

        String observation = encode(TestResources.her2Ihc(new IdType("Patient", A), SYSTEM, "gzip-ok"));
        assertStatus(
                fhir(
                        "POST",
                        "/Observation",
                        gzip(observation.getBytes(StandardCharsets.UTF_8)),
                        systemToken(),
                        "Content-Encoding",
                        "gzip"),
                201);
        assertStatus(
                fhir(
                        "POST",
                        "/Observation",
                        observation.getBytes(StandardCharsets.UTF_8),
                        systemToken(),
                        "Content-Encoding",
                        "br"),
                415);
    }

    // 2. Writes: the resource's own patient must be the token's.

    @Test
    void patientTokenCannotWriteIntoAnotherPatientsRecord() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.cruds", A);
        int before = total("Observation?subject=Patient/" + B);

        Observation aboutB = plainObservation(B, "inject-1");
        aboutB.addPerformer(new Reference("Patient/" + A));
        assertStatus(fhir("POST", "/Observation", encode(aboutB), tokenA), 403);
        Condition conditionOfB = new Condition()
                .setSubject(new Reference("Patient/" + B))
                .setAsserter(new Reference("Patient/" + A))
                .setCode(new CodeableConcept(
                        new Coding("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast")));
        assertStatus(fhir("POST", "/Condition", encode(conditionOfB), tokenA), 403);

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:0b6e9d62-0d1c-4c1e-9a53-3f0a2f6c1a01")
                .setResource(aboutB)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        assertStatus(fhir("POST", "", encode(transaction), tokenA), 403);
        transaction.setType(Bundle.BundleType.BATCH);
        HttpResponse<String> batch = fhir("POST", "", encode(transaction), tokenA);
        assertStatus(batch, 200);
        assertThat(entryStatus(batch, 0)).startsWith("403");

        Observation movedToB = plainObservation(B, A + "-1");
        movedToB.setId("obs-" + A);
        assertStatus(fhir("PUT", "/Observation/obs-" + A, encode(movedToB), tokenA), 403);
        assertStatus(fhir("DELETE", "/Observation/obs-" + B, null, tokenA), 403);
        assertThat(total("Observation?subject=Patient/" + B)).isEqualTo(before);

        assertStatus(fhir("POST", "/Observation", encode(plainObservation(A, "own-1")), tokenA), 201);
    }

    // 3, 4. Conditional URLs are narrowed to the compartment: the answers do not depend on others' data.

    @Test
    void conditionalCreateNeverMatchesAnotherPatientsResource() throws Exception {
        conditionalCreateStaysInTheRecordOfA(TestSecurity.accessToken("patient/*.cruds", A));

        String patientToken = TestSecurity.accessToken("patient/Patient.cr", A);
        Patient lookalike = TestResources.patient("Attack-" + B);
        HttpResponse<String> matchesB = fhir(
                "POST",
                "/Patient",
                encode(lookalike),
                patientToken,
                "If-None-Exist",
                "family=Attack-" + B + "&birthdate=1970-01-02",
                "Prefer",
                "return=representation");
        HttpResponse<String> matchesNobody = fhir(
                "POST",
                "/Patient",
                encode(lookalike),
                patientToken,
                "If-None-Exist",
                "family=Nobody-at-all&birthdate=1970-01-02",
                "Prefer",
                "return=representation");
        assertThat(matchesB.statusCode()).isEqualTo(matchesNobody.statusCode()).isNotEqualTo(200);
        assertThat(matchesB.body()).doesNotContain("\"id\":\"" + B + "\"");
    }

    @Test
    void conditionalUpdateAndDeleteAnswerAlikeWhateverOtherPatientsHold() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.cruds", A);
        String onlyB = observationOfBOnly();
        String nobody = "nobody-" + UUID.randomUUID();
        HttpResponse<String> deleteB = fhir("DELETE", "/Observation?identifier=" + SYSTEM + "|" + onlyB, null, tokenA);
        HttpResponse<String> deleteNobody =
                fhir("DELETE", "/Observation?identifier=" + SYSTEM + "|" + nobody, null, tokenA);
        assertThat(deleteB.statusCode()).isEqualTo(deleteNobody.statusCode());
        HttpResponse<String> updateB = fhir(
                "PUT", "/Observation?identifier=" + SYSTEM + "|" + onlyB, encode(plainObservation(A, onlyB)), tokenA);
        HttpResponse<String> updateNobody = fhir(
                "PUT", "/Observation?identifier=" + SYSTEM + "|" + nobody, encode(plainObservation(A, nobody)), tokenA);
        assertThat(updateB.statusCode()).as(updateB.body()).isEqualTo(updateNobody.statusCode());

        Bundle ofB = client().search()
                .byUrl("Observation?identifier=" + SYSTEM + "|" + onlyB + "&subject=Patient/" + B)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(ofB.getEntry()).hasSize(1);
        Observation stored = (Observation) ofB.getEntryFirstRep().getResource();
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
    }

    /** A conditional create whose criteria match only a result of B's creates A's own instead. */
    private void conditionalCreateStaysInTheRecordOfA(String token) throws Exception {
        String onlyB = observationOfBOnly();
        HttpResponse<String> created = fhir(
                "POST",
                "/Observation",
                encode(plainObservation(A, onlyB)),
                token,
                "If-None-Exist",
                "identifier=" + SYSTEM + "|" + onlyB,
                "Prefer",
                "return=representation");
        assertStatus(created, 201);
        assertThat(created.body()).doesNotContain("Patient/" + B).contains("Patient/" + A);
    }

    /** A result of B's whose identifier no resource of A carries. */
    private String observationOfBOnly() {
        String identifier = "b-only-" + UUID.randomUUID();
        client().create().resource(plainObservation(B, identifier)).execute();
        return identifier;
    }

    // 5, 6. References from a patient's writes stay inside the record; invisible and missing answer alike.

    @Test
    void referencesReachOnlyTheOwnRecordAndAnswerAlikeForInvisibleAndMissing() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.cruds", A);
        Observation derived = plainObservation(A, "derived-1");
        derived.addDerivedFrom(new Reference("Observation/obs-" + B));
        HttpResponse<String> toB = fhir("POST", "/Observation", encode(derived), tokenA);
        assertStatus(toB, 403);

        Observation panel = plainObservation(A, "panel-1");
        panel.addHasMember(new Reference("Observation/obs-" + B));
        assertStatus(fhir("POST", "/Observation", encode(panel), tokenA), 403);

        Observation missing = plainObservation(A, "derived-2");
        missing.addDerivedFrom(new Reference("Observation/no-such-observation"));
        HttpResponse<String> toMissing = fhir("POST", "/Observation", encode(missing), tokenA);
        assertThat(toMissing.statusCode()).isEqualTo(toB.statusCode());
        assertThat(diagnostics(toMissing).replace("no-such-observation", "X"))
                .isEqualTo(diagnostics(toB).replace("obs-" + B, "X"));

        Observation own = plainObservation(A, "derived-3");
        own.addDerivedFrom(new Reference("Observation/obs-" + A));
        assertStatus(fhir("POST", "/Observation", encode(own), tokenA), 201);
    }

    // 7, 8. The EHR's token goes to the allowed fhirServer only; failures look alike.

    @Test
    void cdsNeverFollowsRedirectsOrForeignPagingLinksWithTheToken() throws Exception {
        String trapBase = "http://localhost:" + TestSecurity.TRAP_FHIR_PORT;
        COLLECTED.clear();
        JsonNode redirected = JSON.readTree(cds(THERAPY, patientView(A, trapBase + "/redirect"), ehrToken(THERAPY), 412)
                .body());
        JsonNode paged = JSON.readTree(cds(THERAPY, patientView(A, trapBase + "/paged"), ehrToken(THERAPY), 412)
                .body());
        assertThat(COLLECTED).isEmpty();
        assertThat(redirected.path("message").asText())
                .isEqualTo(paged.path("message").asText());
    }

    @Test
    void cdsFetchesOnlyFromAllowedServersAndSaysNothingAboutPorts() throws Exception {
        int unlisted = Ports.free();
        JsonNode offList = JSON.readTree(
                cds(THERAPY, patientView(A, "http://127.0.0.1:" + unlisted + "/fhir"), ehrToken(THERAPY), 412)
                        .body());
        assertThat(offList.path("message").asText()).contains("not one this CDS client is configured to use");
        JsonNode loopback =
                JSON.readTree(cds(THERAPY, patientView(A, "http://127.0.0.1:" + port + "/fhir"), ehrToken(THERAPY), 412)
                        .body());
        assertThat(loopback.path("message").asText()).contains("not one this CDS client is configured to use");

        String closed = JSON.readTree(
                        cds(THERAPY, patientView(A, TestSecurity.CLOSED_FHIR_SERVER), ehrToken(THERAPY), 412)
                                .body())
                .path("message")
                .asText();
        String refused = JSON.readTree(cds(
                                THERAPY,
                                patientView(A, "http://localhost:" + TestSecurity.TRAP_FHIR_PORT + "/unauthorized"),
                                ehrToken(THERAPY),
                                412)
                        .body())
                .path("message")
                .asText();
        assertThat(closed).isEqualTo(refused);
        assertThat(closed).doesNotContain("127.0.0.1", "401", "reach", "refused");
    }

    // 9. The local store only for clients configured for it.

    @Test
    void localStoreOnlyForClientsConfiguredForIt() throws Exception {
        String orderOnly = TestSecurity.es384(
                TestSecurity.ORDER_ONLY, TestSecurity.ORDER_ONLY_KEY, c -> c.audience(baseUrl() + ORDER_CHECK));
        cds(ORDER_CHECK, orderSelect(A), orderOnly, 412);
        cds(ORDER_CHECK, orderSelect(A), ehrToken(ORDER_CHECK), 200);
    }

    // 10. Paging links name the configured public base, not the caller's Host header.

    @Test
    void pagingLinksUseThePublicBaseNotTheHostHeader() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            String request = "GET /fhir/Observation?_count=1 HTTP/1.1\r\nHost: evil.example.org:666\r\n"
                    + "Accept: application/fhir+json\r\nAuthorization: Bearer " + systemToken()
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 200")
                    .doesNotContain("evil.example.org")
                    .contains("\"url\":\"" + baseUrl() + "/fhir?_getpages=");
        }
    }

    // 11. A patient token pages only through its own searches.

    @Test
    void patientTokenPagesOnlyThroughItsOwnSearches() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.rs", A);
        // A search over A's own results, made with another token: only the paging rule can refuse it.
        String othersSearch =
                nextLink(fhir("GET", "/Observation?subject=Patient/" + A + "&_count=1", null, systemToken()));
        assertStatus(fhir("GET", othersSearch, null, tokenA), 403);
        String mixed = TestSecurity.accessToken("patient/*.rs user/Patient.rs", A);
        assertStatus(fhir("GET", othersSearch, null, mixed), 403);

        String ownSearch = nextLink(fhir("GET", "/Observation?_count=1", null, tokenA));
        assertStatus(fhir("GET", ownSearch, null, tokenA), 200);
    }

    // Tokens mixing patient scopes with user or system ones stay confined where no system scope reaches.

    @Test
    void mixedScopeTokensStayConfinedToTheirPatient() throws Exception {
        conditionalCreateStaysInTheRecordOfA(TestSecurity.accessToken("patient/*.cruds user/Patient.rs", A));

        String withSystemObservations = TestSecurity.accessToken("patient/Patient.rs system/Observation.rs", A);
        assertStatus(
                fhir(
                        "GET",
                        "/Observation?subject:Patient.family=Attack-" + B + "&subject:Patient.birthdate=1970-01-02",
                        null,
                        withSystemObservations),
                403);
        assertStatus(
                fhir(
                        "GET",
                        "/Observation/obs-" + B + "/$validate",
                        null,
                        TestSecurity.accessToken("patient/*.rs system/Patient.rs", A)),
                403);
    }

    @Test
    void batchEntriesAreGuardedLikeRequests() throws Exception {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry()
                .getRequest()
                .setMethod(Bundle.HTTPVerb.GET)
                .setUrl("Observation?subject:Patient.family=Attack-" + B + "&subject:Patient.birthdate=1970-01-02");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?_offset=-1");
        HttpResponse<String> response =
                fhir("POST", "", encode(batch), TestSecurity.accessToken("system/Observation.rs", null));
        assertStatus(response, 200);
        JsonNode entries = JSON.readTree(response.body()).path("entry");
        assertThat(entries.get(0).path("response").path("status").asText()).startsWith("403");
        assertThat(entries.get(1).path("response").path("status").asText()).startsWith("400");
    }

    @Test
    void conditionalReferencesNeedReadAccessToWhatTheySearch() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.cruds", A);
        Observation derived = plainObservation(A, "conditional-ref-1");
        derived.addDerivedFrom(new Reference("Observation?identifier=" + SYSTEM + "|" + observationOfBOnly()));
        assertStatus(fhir("POST", "/Observation", encode(derived), tokenA), 403);

        Observation bySearch = plainObservation(A, "conditional-ref-2");
        bySearch.setSubject(new Reference("Patient?family=Attack-" + B + "&birthdate=1970-01-02"));
        assertStatus(
                fhir("POST", "/Observation", encode(bySearch), TestSecurity.accessToken("system/Observation.c", null)),
                403);
        assertStatus(fhir("POST", "/Observation", encode(bySearch), systemToken()), 201);
    }

    @Test
    void patientTransactionsThatStayInTheRecordWork() throws Exception {
        String tokenA = TestSecurity.accessToken("patient/*.cruds", A);
        String id = "tx-put-" + UUID.randomUUID().toString().substring(0, 8);
        String onlyB = observationOfBOnly();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation derived = plainObservation(A, "tx-derived");
        derived.addDerivedFrom(new Reference("Observation/" + id));
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(derived)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        Observation put = plainObservation(A, "tx-put");
        put.setId(id);
        transaction
                .addEntry()
                .setFullUrl(fhirBase() + "/Observation/" + id)
                .setResource(put)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Observation/" + id);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(plainObservation(A, onlyB))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation")
                .setIfNoneExist("identifier=" + SYSTEM + "|" + onlyB);
        HttpResponse<String> response = fhir("POST", "", encode(transaction), tokenA);
        assertStatus(response, 200);
        assertThat(entryStatus(response, 2)).startsWith("201");
    }

    @Test
    void patchCannotMoveAResultIntoAnotherRecord() throws Exception {
        String patch = "[{\"op\":\"replace\",\"path\":\"/subject/reference\",\"value\":\"Patient/" + B + "\"}]";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/obs-" + A + "-2"))
                        .header("Content-Type", "application/json-patch+json")
                        .header("Authorization", "Bearer " + TestSecurity.accessToken("patient/*.cruds", A))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertStatus(response, 403);
    }

    // 12. Chains and reverse chains need read access to every type they reach.

    @Test
    void chainsReachOnlyTypesTheTokenMayRead() throws Exception {
        String observationsOnly = TestSecurity.accessToken("system/Observation.rs", null);
        assertStatus(
                fhir(
                        "GET",
                        "/Observation?subject:Patient.family=Attack-" + B + "&subject:Patient.birthdate=1970-01-02",
                        null,
                        observationsOnly),
                403);
        assertStatus(fhir("GET", "/Observation?subject.birthdate=1970-01-02", null, observationsOnly), 403);
        String patientsOnly = TestSecurity.accessToken("system/Patient.rs", null);
        assertStatus(
                fhir(
                        "GET",
                        "/Patient?_has:Observation:patient:identifier=" + SYSTEM + "|" + B + "-1",
                        null,
                        patientsOnly),
                403);
        assertStatus(
                fhir(
                        "GET",
                        "/Observation?subject:Patient.family=Attack-" + B,
                        null,
                        TestSecurity.accessToken("system/*.rs", null)),
                200);
    }

    // 14. Paging numbers are checked.

    @Test
    void negativeOffsetsAndCountsAre400() throws Exception {
        for (String query : new String[] {"_offset=-1", "_count=-1", "_offset=abc"}) {
            HttpResponse<String> response = fhir("GET", "/Observation?" + query, null, systemToken());
            assertStatus(response, 400);
            assertThat(response.body()).doesNotContain("springframework", "Exception");
        }
    }

    // 15. FHIR tokens must be addressed to this server.

    @Test
    void fhirTokensMustCarryThisServersAudience() throws Exception {
        RSASSASigner signer = new RSASSASigner(TestSecurity.AUTH_KEY);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(TestSecurity.AUTH_KEY.getKeyID())
                .build();
        String noAudience =
                TestSecurity.sign(signer, header, TestSecurity.AUTH_SERVER, c -> c.claim("scope", "system/*.rs"));
        String otherServer =
                TestSecurity.sign(signer, header, TestSecurity.AUTH_SERVER, c -> c.claim("scope", "system/*.rs")
                        .audience("https://other.example.org/fhir"));
        assertStatus(fhir("GET", "/Patient/" + A, null, noAudience), 401);
        assertStatus(fhir("GET", "/Patient/" + A, null, otherServer), 401);
        assertStatus(fhir("GET", "/Patient/" + A, null, systemToken()), 200);
    }

    private Observation plainObservation(String patient, String identifier) {
        Observation observation = new Observation();
        observation.addIdentifier().setSystem(SYSTEM).setValue(identifier);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", "Body weight")));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setValue(new Quantity()
                .setValue(61)
                .setUnit("kg")
                .setSystem("http://unitsofmeasure.org")
                .setCode("kg"));
        return observation;
    }

    private ObjectNode patientView(String patient, String fhirServer) {
        ObjectNode request = JSON.createObjectNode()
                .put("hook", "patient-view")
                .put("hookInstance", UUID.randomUUID().toString())
                .put("fhirServer", fhirServer);
        request.putObject("context").put("userId", "Practitioner/onc-1").put("patientId", patient);
        request.putObject("fhirAuthorization")
                .put("access_token", "ehr-token-for-" + patient)
                .put("token_type", "Bearer")
                .put("expires_in", 300)
                .put("scope", "patient/*.read")
                .put("subject", "oncofhir");
        return request;
    }

    private ObjectNode orderSelect(String patient) throws IOException {
        ObjectNode request = JSON.createObjectNode()
                .put("hook", "order-select")
                .put("hookInstance", UUID.randomUUID().toString());
        ObjectNode context =
                request.putObject("context").put("userId", "Practitioner/onc-1").put("patientId", patient);
        context.putArray("selections").add("MedicationRequest/draft-1");
        MedicationRequest draft = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.DRAFT)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setSubject(new Reference("Patient/" + patient))
                .setMedication(new CodeableConcept(
                        new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "224905", "trastuzumab")));
        draft.setId("draft-1");
        Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
        drafts.addEntry().setResource(draft);
        context.set("draftOrders", JSON.readTree(encode(drafts)));
        return request;
    }

    private String ehrToken(String service) {
        return TestSecurity.token(baseUrl() + service);
    }

    private HttpResponse<String> cds(String service, ObjectNode body, String token, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + service))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private HttpResponse<String> fhir(String method, String path, Object body, String token, String... headers)
            throws Exception {
        URI uri = path.startsWith("http") ? URI.create(path) : URI.create(fhirBase() + path.replace("|", "%7C"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        byte[] bytes = body == null
                ? null
                : body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        request.method(
                method,
                bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String encode(Resource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    private static String nextLink(HttpResponse<String> searchset) throws IOException {
        assertStatus(searchset, 200);
        for (JsonNode link : JSON.readTree(searchset.body()).path("link")) {
            if (link.path("relation").asText().equals("next")) {
                return link.path("url").asText();
            }
        }
        throw new AssertionError("No next link in " + searchset.body());
    }

    /** The response status of one entry of a batch or transaction response. */
    private static String entryStatus(HttpResponse<String> bundle, int entry) throws IOException {
        return JSON.readTree(bundle.body())
                .path("entry")
                .get(entry)
                .path("response")
                .path("status")
                .asText();
    }

    private static String diagnostics(HttpResponse<String> outcome) throws IOException {
        return JSON.readTree(outcome.body())
                .path("issue")
                .get(0)
                .path("diagnostics")
                .asText();
    }

    private static void assertStatus(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }
}
