package org.oncofhir.therapy;

/**
 * What the deployment decides: the label set in force, and local policy where the labels give no number.
 *
 * @param jurisdiction whose labels decide which drugs and indications are offered (e.g. atezolizumab for
 *     PD-L1-positive metastatic TNBC is authorised in the EU but withdrawn in the US)
 * @param negativePregnancyTestValidDays how long a "not pregnant" result stands before HER2-directed therapy; the
 *     labels say only "verify pregnancy status prior to initiation" (Kadcyla §8.3 and the others): the default
 *     of 7 days is a local-policy choice, not a label value, and each site should set its own
 */
public record SitePolicy(Jurisdiction jurisdiction, int negativePregnancyTestValidDays) {

    public static final SitePolicy DEFAULT = new SitePolicy(Jurisdiction.US, 7);

    /** The label sets OncoFHIR's knowledge cites. */
    public enum Jurisdiction {
        US,
        EU
    }

    public SitePolicy {
        if (jurisdiction == null) {
            throw new IllegalArgumentException("jurisdiction is required");
        }
        if (negativePregnancyTestValidDays < 0) {
            throw new IllegalArgumentException("negativePregnancyTestValidDays must not be negative");
        }
    }
}
