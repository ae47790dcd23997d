package org.oncofhir.therapy;

/**
 * Local policy the safety rules apply where the labels give no number.
 *
 * @param negativePregnancyTestValidDays how long a "not pregnant" result stands before HER2-directed therapy; the
 *     labels say only "verify pregnancy status prior to initiation" (Kadcyla §8.3 and the others): the default
 *     of 7 days is a local-policy choice, not a label value, and each site should set its own
 */
public record SafetyPolicy(int negativePregnancyTestValidDays) {

    public static final SafetyPolicy DEFAULT = new SafetyPolicy(7);

    public SafetyPolicy {
        if (negativePregnancyTestValidDays < 0) {
            throw new IllegalArgumentException("negativePregnancyTestValidDays must not be negative");
        }
    }
}
