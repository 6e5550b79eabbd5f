package io.stratmon.shipper.golden;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every folder under {@code cases/}: its lines through the real parser, mapper and schema guard, compared with its
 * {@code expected.txt}, and the rows' ILP bytes, compared byte for byte with its {@code expected.ilp}. Add a case by
 * adding a folder; {@code -Dgolden.update=true} writes the expected files (review the diff before committing it).
 */
class GoldenCasesTest {
    @TestFactory
    List<DynamicTest> every_case_gives_its_expected_rows() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return GoldenCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GoldenCases.Outcome actual = c.convert();
            String expected = c.expected();
            byte[] expectedIlp = c.expectedIlp();
            if (update || expected == null || expectedIlp == null) {
                c.writeExpected(actual.text());
                c.writeExpectedIlp(actual.ilp());
                assertThat(expected).as("expected.txt of %s was missing or outdated and has been written: review it", c.name()).isEqualTo(actual.text());
                assertThat(expectedIlp).as("expected.ilp of %s was missing or outdated and has been written: review it", c.name()).isEqualTo(actual.ilp());
            }
            assertThat(actual.text()).as("case %s", c.name()).isEqualTo(expected);
            // Byte for byte: escaping, column order, binary doubles, the unit of every time, the dedup keys.
            assertThat(actual.ilp()).as("ILP of case %s (as ISO-8859-1: %s)", c.name(), latin1(actual.ilp())).isEqualTo(expectedIlp);
        })).toList();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
