package org.oncofhir.terminology;

/**
 * The paging and filtering parameters of {@code ValueSet/$expand}.
 *
 * @param filter text every returned concept's code or display contains, word by word (case-insensitive); null for all
 * @param offset how many matching concepts to skip
 * @param count how many to return at most; null for all, 0 for the total alone
 * @param includeDesignations whether each concept carries the designations its code system gives it
 */
public record ExpansionRequest(String filter, int offset, Integer count, boolean includeDesignations) {

    public static final ExpansionRequest ALL = new ExpansionRequest(null, 0, null, false);

    public ExpansionRequest {
        if (offset < 0) {
            throw new TerminologyRequestException("offset must not be negative: " + offset);
        }
        if (count != null && count < 0) {
            throw new TerminologyRequestException("count must not be negative: " + count);
        }
    }
}
