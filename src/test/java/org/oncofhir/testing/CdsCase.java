package org.oncofhir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One row of {@code cases/cds-cases.csv}, and the FHIR resources that describe that patient: profile-conformant
 * biomarker Observations, breast-cancer and secondary-cancer Conditions, supporting Observations, medication
 * history and draft orders. The same resources feed the unit test, the HTTP test (as prefetch or stored) and
 * the demo data.
 */
public record CdsCase(Map<String, String> row) {

    public static final Path FILE = Path.of("src/test/resources/cases/cds-cases.csv");
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String LOCAL = "http://oncofhir.org/fhir/CodeSystem/";
    private static final String PROFILE = "http://oncofhir.org/fhir/StructureDefinition/";
    private static final String RESULT_DATE = "2026-06-01";
    private static final String LVEF_DATE = "2026-10-01";

    public static List<CdsCase> all() {
        try {
            List<String> lines = Files.readAllLines(FILE).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            String[] header = lines.get(0).split(",", -1);
            return lines.stream()
                    .skip(1)
                    .map(line -> {
                        String[] cells = line.split(",", -1);
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < header.length; i++) {
                            row.put(header[i], cells[i].trim());
                        }
                        return new CdsCase(row);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return row.get("id");
    }

    public String get(String column) {
        return row.get(column);
    }

    public boolean has(String column) {
        return !row.get(column).isEmpty();
    }

    public Set<String> list(String column) {
        return has(column) ? Set.of(row.get(column).split(";")) : Set.of();
    }

    public boolean isOrderCheck() {
        return has("orders");
    }

    public boolean viaHttp() {
        return "y".equals(row.get("http"));
    }

    @Override
    public String toString() {
        return id();
    }

    /** FHIR id for this case's patient (case ids are longer than FHIR's 64-character limit allows in places). */
    public String patientId() {
        String id = id().replace('.', '-');
        return id.length() > 60 ? id.substring(0, 60) : id;
    }

    public List<Resource> patientResources() {
        List<Resource> resources = new ArrayList<>();
        Patient patient = new Patient();
        patient.setId(patientId());
        patient.addName(new HumanName().setFamily("Case").addGiven(id()));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        resources.add(patient);
        resources.addAll(observations());
        resources.addAll(conditions());
        int n = 0;
        for (String entry : list("history")) {
            // "+code": still taking it; otherwise a completed course. "@start/end" dates it ("@?": no date).
            String[] dated = entry.split("@");
            boolean current = dated[0].startsWith("+");
            String code = current ? dated[0].substring(1) : dated[0];
            MedicationStatement statement = new MedicationStatement();
            statement.setId(patientId() + "-med-" + n++);
            statement.setStatus(
                    current
                            ? MedicationStatement.MedicationStatementStatus.ACTIVE
                            : MedicationStatement.MedicationStatementStatus.COMPLETED);
            statement.setMedication(new CodeableConcept(new Coding(RXNORM, code, null)));
            statement.setSubject(subject());
            if (dated.length == 1) {
                statement.setEffective(new DateTimeType("2026-01-15"));
            } else if (!dated[1].equals("?")) {
                String[] period = dated[1].split("/");
                statement.setEffective(new Period()
                        .setStartElement(new DateTimeType(period[0]))
                        .setEndElement(period.length > 1 ? new DateTimeType(period[1]) : null));
            }
            resources.add(statement);
        }
        return resources;
    }

    public List<MedicationRequest> draftOrders() {
        List<MedicationRequest> orders = new ArrayList<>();
        int n = 0;
        for (String code :
                get("orders").isEmpty() ? new String[0] : get("orders").split(";")) {
            MedicationRequest order = new MedicationRequest();
            order.setId(patientId() + "-order-" + n++);
            order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
            order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
            order.setMedication(new CodeableConcept(new Coding(RXNORM, code, null)));
            order.setSubject(subject());
            orders.add(order);
        }
        return orders;
    }

    private Reference subject() {
        return new Reference("Patient/" + patientId());
    }

    private List<Observation> observations() {
        List<Observation> list = new ArrayList<>();
        if (has("her2_ihc")) {
            // "1+@2026-10-01": a result of that date (e.g. re-tested on a metastasis).
            String[] ihc = get("her2_ihc").split("@");
            list.add(her2Ihc("her2-ihc", ihc[0], ihc.length > 1 ? ihc[1] : RESULT_DATE));
        }
        if (has("prior_her2_ihc")) {
            list.add(her2Ihc("her2-ihc-prior", get("prior_her2_ihc"), "2025-01-01"));
        }
        if (has("ish_ratio")) {
            list.add(her2Ish());
        }
        if (has("er")) {
            list.add(receptor("er", "estrogen-receptor", "85337-4", "85329-1", get("er"), true));
        }
        if (has("pr")) {
            list.add(receptor("pr", "progesterone-receptor", "85339-0", "85325-9", get("pr"), false));
        }
        if (has("pdl1")) {
            list.add(pdL1());
        }
        if (has("menopause")) {
            String code =
                    switch (get("menopause")) {
                        case "pre" -> "22636003";
                        case "post" -> "76498008";
                        default -> "261665006";
                    };
            Observation o =
                    observation("menopause", null, new Coding(SNOMED, "161712005", "Menopause, function"), RESULT_DATE);
            o.setValue(new CodeableConcept(new Coding(SNOMED, code, null)));
            list.add(o);
        }
        if (has("lvef")) {
            String[] value = get("lvef").split("@");
            Observation o = observation(
                    "lvef",
                    null,
                    new Coding(LOINC, "10230-1", "Left ventricular Ejection fraction"),
                    value.length > 1 ? value[1] : LVEF_DATE);
            o.setValue(new Quantity()
                    .setValue(new BigDecimal(value[0]))
                    .setUnit("%")
                    .setSystem(UCUM)
                    .setCode("%"));
            list.add(o);
        }
        if (has("pregnant")) {
            String[] value = get("pregnant").split("@");
            Observation o = observation(
                    "pregnancy",
                    null,
                    new Coding(LOINC, "82810-3", "Pregnancy status"),
                    value.length > 1 ? value[1] : "2026-11-01");
            o.setValue(new CodeableConcept(
                    "y".equals(value[0])
                            ? new Coding(LOINC, "LA15173-0", "Pregnant")
                            : new Coding(LOINC, "LA26683-5", "Not pregnant")));
            list.add(o);
        }
        if (has("residual")) {
            Observation o = observation(
                    "neoadjuvant-response",
                    null,
                    new Coding(LOCAL + "treatment-response", "neoadjuvant-response", null),
                    "2026-05-01");
            o.setValue(new CodeableConcept(new Coding(
                    LOCAL + "treatment-response",
                    "y".equals(get("residual")) ? "residual-invasive-disease" : "pathologic-complete-response",
                    null)));
            list.add(o);
        }
        return list;
    }

    private Observation her2Ihc(String suffix, String score, String date) {
        if (score.startsWith("status-")) {
            // mCODE style: only the overall HER2 interpretation, 48676-1.
            Observation o =
                    observation(suffix, null, new Coding(LOINC, "48676-1", "HER2 [Interpretation] in Tissue"), date);
            o.setValue(new CodeableConcept(
                    score.equals("status-pos")
                            ? new Coding(LOINC, "LA6576-8", "Positive")
                            : new Coding(LOINC, "LA6577-6", "Negative")));
            return o;
        }
        Observation o = observation(suffix, "her2-ihc", new Coding(LOINC, "85319-2", null), date);
        if (score.equals("pos") || score.equals("neg")) {
            o.getMeta().getProfile().clear();
            o.setValue(new CodeableConcept(
                    score.equals("pos")
                            ? new Coding(SNOMED, "10828004", "Positive")
                            : new Coding(SNOMED, "260385009", "Negative")));
            return o;
        }
        String answer =
                switch (score) {
                    case "0" -> "LA6111-4";
                    case "1+" -> "LA11841-6";
                    case "2+" -> "LA11842-4";
                    case "3+" -> "LA11843-2";
                    default -> "LA11884-6";
                };
        o.setValue(new CodeableConcept(new Coding(LOINC, answer, score.equals("ind") ? "Indeterminate" : score)));
        if (has("ihc_pct") && !suffix.endsWith("prior")) {
            o.addComponent()
                    .setCode(new CodeableConcept(
                            new Coding(LOCAL + "biomarker-component", "her2-membrane-staining-percent", null)))
                    .setValue(percent(get("ihc_pct")));
        }
        return o;
    }

    private Observation her2Ish() {
        double ratio = Double.parseDouble(get("ish_ratio"));
        double copies = Double.parseDouble(get("ish_copies"));
        Observation o = observation("her2-ish", "her2-ish", new Coding(LOINC, "85318-4", null), RESULT_DATE);
        o.setMethod(
                new CodeableConcept(new Coding(SNOMED, "1303773004", "Fluorescence in situ hybridization technique")));
        boolean amplified =
                ratio >= 2.0 && copies >= 4.0 || ratio < 2.0 && copies >= 6.0 && "2+".equals(get("her2_ihc"));
        o.setValue(new CodeableConcept(
                amplified ? new Coding(LOINC, "LA6576-8", "Positive") : new Coding(LOINC, "LA6577-6", "Negative")));
        o.addComponent()
                .setCode(new CodeableConcept(new Coding(LOINC, "49683-6", null)))
                .setValue(new Quantity()
                        .setValue(BigDecimal.valueOf(ratio))
                        .setUnit("{ratio}")
                        .setSystem(UCUM)
                        .setCode("{ratio}"));
        o.addComponent()
                .setCode(new CodeableConcept(new Coding(LOINC, "74860-8", null)))
                .setValue(new Quantity()
                        .setValue(BigDecimal.valueOf(copies))
                        .setUnit("{copies}/{cell}")
                        .setSystem(UCUM)
                        .setCode("{copies}/{cell}"));
        return o;
    }

    private Observation receptor(
            String suffix, String profile, String code, String percentCode, String value, boolean estrogen) {
        Observation o = observation(suffix, profile, new Coding(LOINC, code, null), RESULT_DATE);
        if (value.equals("pos") || value.equals("neg")) {
            o.getMeta().getProfile().clear();
            o.setValue(new CodeableConcept(
                    value.equals("pos")
                            ? new Coding(SNOMED, "10828004", "Positive")
                            : new Coding(SNOMED, "260385009", "Negative")));
            return o;
        }
        if (value.contains(":")) {
            // "pos:0.5": reported positive with a percent that contradicts it (no profile: it would refuse it).
            String[] parts = value.split(":");
            o.getMeta().getProfile().clear();
            o.setValue(new CodeableConcept(
                    parts[0].equals("pos")
                            ? new Coding(LOINC, "LA6576-8", "Positive")
                            : new Coding(LOINC, "LA6577-6", "Negative")));
            o.addComponent()
                    .setCode(new CodeableConcept(new Coding(LOINC, percentCode, null)))
                    .setValue(percent(parts[1]));
            return o;
        }
        double percent = Double.parseDouble(value);
        Coding result = percent < 1
                ? new Coding(LOINC, "LA6577-6", "Negative")
                : estrogen && percent <= 10
                        ? new Coding(LOCAL + "biomarker-result", "low-positive", "ER low positive")
                        : new Coding(LOINC, "LA6576-8", "Positive");
        o.setValue(new CodeableConcept(result));
        o.addComponent()
                .setCode(new CodeableConcept(new Coding(LOINC, percentCode, null)))
                .setValue(percent(value));
        return o;
    }

    private Observation pdL1() {
        String[] parts = get("pdl1").split(":");
        boolean clone22c3 = parts[0].equals("22C3");
        Observation o =
                observation("pdl1", "pd-l1", new Coding(LOINC, clone22c3 ? "83052-1" : "83057-0", null), RESULT_DATE);
        o.setMethod(new CodeableConcept(new Coding(LOCAL + "pdl1-assay", parts[0], null)));
        double score = Double.parseDouble(parts[2]);
        boolean positive = clone22c3 ? parts[1].equals("CPS") && score >= 10 : score >= 1;
        o.setValue(new CodeableConcept(
                positive ? new Coding(LOINC, "LA6576-8", "Positive") : new Coding(LOINC, "LA6577-6", "Negative")));
        o.addComponent()
                .setCode(new CodeableConcept(new Coding(LOCAL + "pdl1-scoring-method", parts[1], null)))
                .setValue(new Quantity()
                        .setValue(new BigDecimal(parts[2]))
                        .setUnit(parts[1].equals("CPS") ? "{score}" : "%")
                        .setSystem(UCUM)
                        .setCode(parts[1].equals("CPS") ? "{score}" : "%"));
        return o;
    }

    private Observation observation(String suffix, String profile, Coding code, String date) {
        Observation o = new Observation();
        o.setId(patientId() + "-" + suffix);
        if (profile != null) {
            o.getMeta().addProfile(PROFILE + profile);
            o.addCategory(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        }
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(code));
        o.setSubject(subject());
        o.setEffective(new DateTimeType(date));
        return o;
    }

    private static Quantity percent(String value) {
        return new Quantity()
                .setValue(new BigDecimal(value))
                .setUnit("%")
                .setSystem(UCUM)
                .setCode("%");
    }

    private List<Condition> conditions() {
        if (get("disease").equals("none")) {
            return List.of();
        }
        List<Condition> list = new ArrayList<>();
        Condition cancer = new Condition();
        cancer.setId(patientId() + "-breast-cancer");
        cancer.setSubject(subject());
        cancer.setCode(new CodeableConcept(new Coding(SNOMED, "254837009", "Malignant neoplasm of breast")));
        cancer.setClinicalStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        cancer.setOnset(new DateTimeType("2025-01-01"));
        if (has("stage")) {
            String roman = new String[] {"", "I", "II", "III", "IV"}[Integer.parseInt(get("stage"))];
            cancer.addStage().setSummary(new CodeableConcept().setText("AJCC stage " + roman));
        }
        list.add(cancer);
        if (has("recurrence")) {
            Condition secondary = new Condition();
            secondary.setId(patientId() + "-metastasis");
            secondary
                    .getMeta()
                    .addProfile("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition");
            secondary.setSubject(subject());
            secondary.setCode(new CodeableConcept().setText("Metastatic breast cancer (recurrence)"));
            if (!get("recurrence").equals("unknown")) {
                secondary.setOnset(new DateTimeType(get("recurrence")));
            }
            list.add(secondary);
        }
        return list;
    }
}
