package org.oncofhir.biomarkers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ASCO/CAP 2018 dual-probe groups at every threshold edge (ratio 2.0, copies 4.0 and 6.0, inclusive). */
class IshGroupTest {

    @ParameterizedTest
    @CsvSource({
        "2.0, 4.0, GROUP_1",
        "5.0, 12.0, GROUP_1",
        "2.0, 3.99, GROUP_2",
        "1.99, 6.0, GROUP_3",
        "1.99, 5.99, GROUP_4",
        "1.99, 4.0, GROUP_4",
        "1.99, 3.99, GROUP_5",
        "1.0, 2.0, GROUP_5"
    })
    void classifies(double ratio, double copies, IshGroup expected) {
        assertThat(IshGroup.classify(ratio, copies)).isEqualTo(expected);
        assertThat(expected.needsConcurrentIhc())
                .isEqualTo(expected != IshGroup.GROUP_1 && expected != IshGroup.GROUP_5);
    }
}
