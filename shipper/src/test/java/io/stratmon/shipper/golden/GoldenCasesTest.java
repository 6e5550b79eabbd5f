package io.stratmon.shipper.golden;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every folder under {@code cases/}: its lines through the real parser, mapper and schema guard, compared with its
 * {@code expected.txt}. Add a case by adding a folder; {@code -Dgolden.update=true} writes the expected files
 * (review the diff before committing it).
 */
class GoldenCasesTest {
    @TestFactory
    List<DynamicTest> every_case_gives_its_expected_rows() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return GoldenCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String actual = c.run();
            String expected = c.expected();
            if (update || expected == null) {
                c.writeExpected(actual);
                assertThat(expected).as("expected.txt of %s was missing or outdated and has been written: review it", c.name()).isEqualTo(actual);
            }
            assertThat(actual).as("case %s", c.name()).isEqualTo(expected);
        })).toList();
    }
}
