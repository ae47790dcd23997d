package org.oncofhir.therapy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The therapy knowledge the rules cite and suggest, read from {@code oncofhir/therapy/knowledge.json}: evidence
 * (guideline, label or trial with a URL), regimens (RxNorm ingredients, duration, monitoring, jurisdictions), label
 * dosage text and patient information pages.
 */
public final class TherapyKnowledge {

    public static final String RESOURCE = "oncofhir/therapy/knowledge.json";

    /** A guideline, label or trial a card cites as its source. */
    public record Evidence(String id, String label, String url) {}

    /**
     * A regimen a suggestion proposes: RxNorm ingredient codes, the therapy given with it that OncoFHIR does not
     * order itself (e.g. chemotherapy per protocol), its length in weeks where the label fixes one, monitoring, and
     * the jurisdictions whose labels authorise it.
     */
    public record Regimen(
            String id,
            String title,
            List<String> drugs,
            String withTherapy,
            Integer weeks,
            String evidence,
            List<String> monitoring,
            List<SitePolicy.Jurisdiction> jurisdictions) {

        public Regimen {
            jurisdictions = jurisdictions == null ? List.of() : List.copyOf(jurisdictions);
        }

        /** Whether the labels of the jurisdiction authorise it (no list: everywhere OncoFHIR's knowledge covers). */
        public boolean authorisedIn(SitePolicy.Jurisdiction jurisdiction) {
            return jurisdictions.isEmpty() || jurisdictions.contains(jurisdiction);
        }
    }

    /** A plain-language page about a drug for patients, linked from the cards that suggest it. */
    public record PatientInfo(String label, String url) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(
            List<Evidence> evidence, List<Regimen> regimens, List<DrugInfo> drugs, List<Monitoring> monitoring) {}

    private record DrugInfo(String rxnorm, String dosage, PatientInfo patientInfo) {}

    private record Monitoring(String id, String text) {}

    private final Map<String, Evidence> evidence;
    private final Map<String, Regimen> regimens;
    private final Map<String, String> dosages;
    private final Map<String, PatientInfo> patientInfo;
    private final Map<String, String> monitoring;

    private TherapyKnowledge(Document document) {
        this.evidence = index(document.evidence(), Evidence::id);
        this.regimens = index(document.regimens(), Regimen::id);
        this.dosages = document.drugs().stream()
                .filter(d -> d.dosage() != null)
                .collect(Collectors.toUnmodifiableMap(DrugInfo::rxnorm, DrugInfo::dosage));
        this.patientInfo = document.drugs().stream()
                .filter(d -> d.patientInfo() != null)
                .collect(Collectors.toUnmodifiableMap(DrugInfo::rxnorm, DrugInfo::patientInfo));
        this.monitoring =
                document.monitoring().stream().collect(Collectors.toUnmodifiableMap(Monitoring::id, Monitoring::text));
        for (Regimen regimen : regimens.values()) {
            evidence(regimen.evidence());
            regimen.monitoring().forEach(this::monitoringText);
        }
    }

    public static TherapyKnowledge load() {
        try (InputStream in = TherapyKnowledge.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new TherapyKnowledge(new ObjectMapper().readValue(in, Document.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public Evidence evidence(String id) {
        return require(evidence, id, "evidence");
    }

    public Regimen regimen(String id) {
        return require(regimens, id, "regimen");
    }

    public List<Regimen> regimens() {
        return List.copyOf(regimens.values());
    }

    /** Dosage text from the label, or null where the knowledge base holds none. */
    public String dosage(String rxnorm) {
        return dosages.get(rxnorm);
    }

    /** The patient information page for an ingredient, or null where the knowledge base holds none. */
    public PatientInfo patientInfo(String rxnorm) {
        return patientInfo.get(rxnorm);
    }

    public String monitoringText(String id) {
        return require(monitoring, id, "monitoring item");
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toUnmodifiableMap(id, Function.identity()));
    }

    private static <T> T require(Map<String, T> map, String id, String what) {
        T value = map.get(id);
        if (value == null) {
            throw new IllegalArgumentException("Unknown " + what + " '" + id + "' in " + RESOURCE);
        }
        return value;
    }
}
