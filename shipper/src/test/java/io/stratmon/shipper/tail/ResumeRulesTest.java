package io.stratmon.shipper.tail;

import io.stratmon.shipper.tail.ResumeRules.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of {@link ResumeRules}, one row each: what is known, the file seen, where reading starts and why. */
class ResumeRulesTest {
    static final FileId INODE_7 = new FileId(1, 7);
    static final FileId INODE_8 = new FileId(1, 8);
    static final long FIRST_LINE_A = 0xA;
    static final long FIRST_LINE_B = 0xB;

    static Cursor at(FileId id, long fingerprint, long offset) {
        return new Cursor(id, fingerprint, "app.log", offset, 0);
    }

    record Row(String scenario, FileId id, long fingerprint, long size, boolean startAtEnd, List<Cursor> retained,
               List<Cursor> truncated, List<Cursor> open, long offset, Reason reason) {
        @Override
        public String toString() {
            return scenario;
        }
    }

    static Stream<Row> rows() {
        List<Cursor> none = List.of();
        return Stream.of(
                new Row("a new file is read from the start", INODE_7, FIRST_LINE_A, 500, false, none, none, none, 0, Reason.NEW_FILE),
                new Row("a new file is read from its end when so configured", INODE_7, FIRST_LINE_A, 500, true, none, none, none, 500, Reason.NEW_FILE),
                new Row("no complete first line yet: from the start", INODE_7, Fingerprint.NOT_YET, 20, false,
                        List.of(at(INODE_7, FIRST_LINE_A, 300)), none, none, 0, Reason.NO_FIRST_LINE),
                new Row("same inode and first line: resume at the checkpoint", INODE_7, FIRST_LINE_A, 500, false,
                        List.of(at(INODE_7, FIRST_LINE_A, 300)), none, none, 300, Reason.CHECKPOINT),
                new Row("same inode and first line but shorter than the checkpoint: rewritten, from 0", INODE_7, FIRST_LINE_A, 100, false,
                        List.of(at(INODE_7, FIRST_LINE_A, 300)), none, none, 0, Reason.SHORTER_THAN_CHECKPOINT),
                new Row("another inode with the first line of an open file: a copy, at that file's offset", INODE_8, FIRST_LINE_A, 500, false,
                        none, none, List.of(at(INODE_7, FIRST_LINE_A, 250)), 250, Reason.COPY_OF_OPEN_FILE),
                new Row("a copy is never resumed past its own size", INODE_8, FIRST_LINE_A, 100, false,
                        none, none, List.of(at(INODE_7, FIRST_LINE_A, 250)), 100, Reason.COPY_OF_OPEN_FILE),
                new Row("the first line of truncated content: copytruncate's copy, at the old offset", INODE_8, FIRST_LINE_A, 500, false,
                        none, List.of(at(INODE_7, FIRST_LINE_A, 400)), none, 400, Reason.COPY_OF_TRUNCATED),
                new Row("the first line of a file shipped before under another inode: a copy", INODE_8, FIRST_LINE_A, 500, false,
                        List.of(at(INODE_7, FIRST_LINE_A, 200)), none, none, 200, Reason.COPY_OF_SHIPPED),
                new Row("same inode, other first line: inode reused or rewritten, from 0 even when starting at the end", INODE_7, FIRST_LINE_B, 500, true,
                        List.of(at(INODE_7, FIRST_LINE_A, 300)), none, none, 0, Reason.INODE_REUSED),
                new Row("the checkpoint wins over a copy of an open file", INODE_7, FIRST_LINE_A, 500, false,
                        List.of(at(INODE_7, FIRST_LINE_A, 300)), none, List.of(at(INODE_8, FIRST_LINE_A, 100)), 300, Reason.CHECKPOINT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides_where_to_start(Row row) {
        ResumeRules.Decision d = ResumeRules.decide(row.id(), row.fingerprint(), row.size(), row.startAtEnd(), row.retained(),
                row.truncated(), row.open());
        assertThat(d.reason()).isEqualTo(row.reason());
        assertThat(d.offset()).isEqualTo(row.offset());
    }
}
