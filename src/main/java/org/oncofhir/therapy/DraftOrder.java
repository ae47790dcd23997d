package org.oncofhir.therapy;

import java.util.Set;

/**
 * A draft medication order from an order-select/order-sign request.
 *
 * @param reference "MedicationRequest/abc" as the client named it
 * @param medication the ordered code or text, for the card
 * @param ingredients RxNorm ingredient codes after product normalisation (empty if the drug is not one OncoFHIR knows)
 */
public record DraftOrder(String reference, String medication, Set<String> ingredients) {

    public boolean contains(Set<String> any) {
        return ingredients.stream().anyMatch(any::contains);
    }
}
