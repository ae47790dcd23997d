package org.oncofhir.therapy;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Prior therapy placed against the course of the disease: given in the metastatic setting (on or after the
 * metastatic diagnosis: the recurrence, or the diagnosis itself when metastatic from the start), or early (neoadjuvant
 * or adjuvant, before it). The T-DXd labels (clinical-knowledge.md §4d) also count a recurrence during or within
 * 6 months of (neo)adjuvant anti-HER2 therapy or adjuvant chemotherapy as if that therapy had been metastatic.
 */
final class Timeline {

    /** DESTINY-Breast03 / -04 labels: "recurrence during or within 6 months of" completing early therapy. */
    static final int RELAPSE_WINDOW_MONTHS = 6;

    /** Whether the record places a therapy in the metastatic setting. */
    enum Placement {
        YES,
        NO,
        /** Dates are missing: the card says what it cannot tell. */
        UNKNOWN
    }

    private final ClinicalFacts facts;

    Timeline(ClinicalFacts facts) {
        this.facts = facts;
    }

    /** When metastatic disease was diagnosed; null when not metastatic or not dated. */
    LocalDate metastaticSince() {
        if (!facts.metastatic()) {
            return null;
        }
        if (facts.recurrenceRecorded()) {
            return facts.recurrenceDate();
        }
        return facts.diagnosisDate();
    }

    /**
     * Whether therapy the test picks was given in the metastatic setting; with {@code relapseWindow}, also when the
     * metastatic diagnosis came during it or within 6 months of its end.
     */
    Placement metastatic(Predicate<Exposure> therapy, boolean relapseWindow) {
        List<Exposure> given = facts.exposures().stream().filter(therapy).toList();
        if (given.isEmpty()) {
            return Placement.NO;
        }
        LocalDate since = metastaticSince();
        boolean unknown = false;
        for (Exposure e : given) {
            if (since == null || e.start() == null) {
                unknown = true;
            } else if (!e.start().isBefore(since)) {
                return Placement.YES;
            } else if (relapseWindow) {
                if (e.end() == null) {
                    unknown = true;
                } else if (!e.end().isBefore(since.minusMonths(RELAPSE_WINDOW_MONTHS))) {
                    return Placement.YES;
                }
            }
        }
        return unknown ? Placement.UNKNOWN : Placement.NO;
    }

    /**
     * Where a therapy sits: neoadjuvant or adjuvant (before or after the surgery the post-neoadjuvant pathology
     * dates; "early" when none is recorded), metastatic line N (therapies starting the same day make one line), or
     * undated.
     */
    String setting(Exposure e) {
        LocalDate since = metastaticSince();
        if (e.start() == null || facts.metastatic() && since == null) {
            return "setting unknown";
        }
        if (since != null && !e.start().isBefore(since)) {
            List<LocalDate> lineStarts = facts.exposures().stream()
                    .map(Exposure::start)
                    .filter(start -> start != null && !start.isBefore(since))
                    .distinct()
                    .sorted()
                    .toList();
            return "metastatic line " + (lineStarts.indexOf(e.start()) + 1);
        }
        LocalDate surgery =
                facts.neoadjuvantResidualDisease().map(r -> r.date()).orElse(null);
        if (surgery == null) {
            return "early disease";
        }
        return e.start().isBefore(surgery) ? "neoadjuvant" : "adjuvant";
    }

    /** The therapies the test picks, as the card lists them with their setting, and the metastatic diagnosis date. */
    String describe(Predicate<Exposure> therapy, String name) {
        LocalDate since = metastaticSince();
        return facts.exposures().stream()
                        .filter(therapy)
                        .map(e -> e.describe(name) + " (" + setting(e) + ")")
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("no " + name + " on record")
                + "; metastatic disease " + (since == null ? "without a recorded date" : "since " + since) + ".";
    }
}
