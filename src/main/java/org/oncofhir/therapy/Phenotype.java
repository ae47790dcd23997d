package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Assessment;
import org.oncofhir.biomarkers.Her2Classifier;
import org.oncofhir.biomarkers.Her2Status;
import org.oncofhir.biomarkers.PatientBiomarkers;
import org.oncofhir.biomarkers.PatientBiomarkers.ReceptorReading;
import org.oncofhir.biomarkers.PdL1;
import org.oncofhir.biomarkers.ReceptorClassifier;
import org.oncofhir.biomarkers.ReceptorStatus;

/** The statuses the therapy rules decide on, derived once from the governing biomarker results. */
record Phenotype(
        Her2Assessment her2,
        ReceptorStatus er,
        ReceptorStatus pr,
        boolean erPercentReported,
        boolean prPercentReported,
        PdL1.Verdict pdL1,
        List<BiomarkerResult<?>> her2Basis,
        List<BiomarkerResult<?>> hormoneBasis,
        List<BiomarkerResult<?>> pdL1Basis) {

    static Phenotype of(PatientBiomarkers b) {
        Her2Assessment her2 = Her2Classifier.classify(
                b.her2Ihc().map(BiomarkerResult::value).orElse(null),
                b.her2Ish().map(BiomarkerResult::value).orElse(null));
        ReceptorStatus er = b.estrogenReceptor()
                .map(BiomarkerResult::value)
                .map(r -> ReceptorClassifier.estrogen(r.percent(), positive(r)))
                .orElse(ReceptorStatus.UNKNOWN);
        ReceptorStatus pr = b.progesteroneReceptor()
                .map(BiomarkerResult::value)
                .map(r -> ReceptorClassifier.progesterone(r.percent(), positive(r)))
                .orElse(ReceptorStatus.UNKNOWN);
        PdL1.Verdict pdL1 =
                b.pdL1().map(r -> r.value().pembrolizumabMetastaticTnbc()).orElse(PdL1.Verdict.NOT_ASSESSABLE);
        return new Phenotype(
                her2,
                er,
                pr,
                percentReported(b.estrogenReceptor()),
                percentReported(b.progesteroneReceptor()),
                pdL1,
                present(b.her2Ihc(), b.her2Ish()),
                present(b.estrogenReceptor(), b.progesteroneReceptor()),
                present(b.pdL1()));
    }

    private static boolean percentReported(Optional<BiomarkerResult<ReceptorReading>> reading) {
        return reading.map(r -> r.value().percent() != null).orElse(true);
    }

    private static Boolean positive(ReceptorReading r) {
        return r.reportedLowPositive() ? Boolean.TRUE : r.reportedPositive();
    }

    @SafeVarargs
    private static List<BiomarkerResult<?>> present(Optional<? extends BiomarkerResult<?>>... results) {
        List<BiomarkerResult<?>> list = new ArrayList<>();
        for (Optional<? extends BiomarkerResult<?>> r : results) {
            r.ifPresent(list::add);
        }
        return List.copyOf(list);
    }

    boolean her2Positive() {
        return her2.status() == Her2Status.POSITIVE;
    }

    boolean hormonePositive() {
        return er == ReceptorStatus.POSITIVE || er == ReceptorStatus.LOW_POSITIVE || pr == ReceptorStatus.POSITIVE;
    }

    boolean hormoneNegative() {
        return er == ReceptorStatus.NEGATIVE && pr == ReceptorStatus.NEGATIVE;
    }

    boolean tripleNegative() {
        return ReceptorClassifier.tripleNegative(her2.status(), er, pr);
    }

    /** ER low positive with PR negative: endocrine benefit is limited and uncertain (ASCO/CAP 2020). */
    boolean onlyErLowPositive() {
        return er == ReceptorStatus.LOW_POSITIVE && pr != ReceptorStatus.POSITIVE;
    }

    String hormoneText() {
        return "ER " + text(er) + (erPercentReported ? "" : " (percent of nuclei not reported)") + ", PR " + text(pr)
                + (prPercentReported ? "" : " (percent of nuclei not reported)");
    }

    static String text(ReceptorStatus status) {
        return switch (status) {
            case POSITIVE -> "positive";
            case LOW_POSITIVE -> "low positive (1-10 %)";
            case NEGATIVE -> "negative";
            case UNKNOWN -> "unknown";
        };
    }

    List<BiomarkerResult<?>> her2AndHormoneBasis() {
        List<BiomarkerResult<?>> all = new ArrayList<>(her2Basis);
        all.addAll(hormoneBasis);
        return all;
    }
}
